package dev.cnnc.cli;

import dev.cnnc.compiler.ir.TrainSettings;
import dev.cnnc.runtime.model.Model;

/** A network ready to run: the generated model, the spec's train settings, the network's name. */
public record LoadedModel(Model model, TrainSettings settings, String networkName) {}
