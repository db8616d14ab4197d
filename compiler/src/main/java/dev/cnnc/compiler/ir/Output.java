package dev.cnnc.compiler.ir;

/** A network output: the node, the name users see, and its loss weight in training. */
public record Output(String name, Node node, double weight) {}
