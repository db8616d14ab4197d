package dev.cnnc.cli.commands;

/** Output formats of commands that print results. */
public enum Format { TEXT, JSON }
