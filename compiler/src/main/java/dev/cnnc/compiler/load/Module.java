package dev.cnnc.compiler.load;

import dev.cnnc.compiler.ast.Program;
import java.util.List;

/** A parsed file with the modules it imports (each loaded once). */
public record Module(Program program, List<Module> imports) {}
