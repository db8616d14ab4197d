package com.acme.app;

import com.acme.SmallNet;
import com.acme.Tiny;
import dev.cnnc.runtime.model.Model;

/** Uses the generated classes, so the build proves they compile. */
public final class Use {
  private Use() {}

  public static Model[] both() {
    return new Model[] {new SmallNet(1, 1L), new Tiny(1, 1L)};
  }
}
