package dev.cnnc.compiler.resolve;

import dev.cnnc.compiler.ast.Chain;
import dev.cnnc.compiler.ast.Ident;
import dev.cnnc.compiler.ast.Param;
import java.util.List;

/** What a {@code let} defines. */
sealed interface Definition {
  Ident name();

  /** {@code let DefaultConv = CONV(kernel=3x3)}: a layer with some arguments bound. */
  record Partial(Ident name, LayerSignature signature, List<RawArg> args) implements Definition {}

  /**
   * {@code let Inception(c1, ...) = concat(...)}: a chain with parameters, expanded where it is used
   * with the definitions visible where it was defined.
   */
  record Block(Ident name, List<Param> params, Chain body, Definitions scope) implements Definition {}

  /** {@code let lenet_c3 = [[0,1,2], ...]}. */
  record Constant(Ident name, Value value) implements Definition {}
}
