package dev.cnnc.bench;

import dev.cnnc.runtime.layers.ConvConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/** Every distinct convolution of the Fashion-MNIST CNN and of ResNet-18 (no bias: BN follows). */
final class ConvShapes {
  private ConvShapes() {}

  /** Layers whose input gradient a real network never needs (they read the image). */
  static boolean isFirstLayer(String name) {
    return name.equals("fm.conv1") || name.equals("r18.stem");
  }

  static Map<String, ConvConfig> all() {
    Map<String, ConvConfig> m = new LinkedHashMap<>();
    put(m, ConvConfig.builder("fm.conv1", 28, 28, 1, 64).kernel(7, 7).samePadding());
    put(m, ConvConfig.builder("fm.conv2", 14, 14, 64, 128).kernel(3, 3).samePadding());
    put(m, ConvConfig.builder("fm.conv3", 14, 14, 128, 128).kernel(3, 3).samePadding());
    put(m, ConvConfig.builder("fm.conv4", 7, 7, 128, 256).kernel(3, 3).samePadding());
    put(m, ConvConfig.builder("fm.conv5", 7, 7, 256, 256).kernel(3, 3).samePadding());
    put(m, ConvConfig.builder("r18.stem", 224, 224, 3, 64).kernel(7, 7).stride(2, 2)
        .padding(3, 3, 3, 3));
    put(m, ConvConfig.builder("r18.3x3_64", 56, 56, 64, 64).kernel(3, 3).padding(1, 1, 1, 1));
    put(m, ConvConfig.builder("r18.3x3s2_128", 56, 56, 64, 128).kernel(3, 3).stride(2, 2)
        .padding(1, 1, 1, 1));
    put(m, ConvConfig.builder("r18.1x1s2_128", 56, 56, 64, 128).stride(2, 2));
    put(m, ConvConfig.builder("r18.3x3_128", 28, 28, 128, 128).kernel(3, 3).padding(1, 1, 1, 1));
    put(m, ConvConfig.builder("r18.3x3s2_256", 28, 28, 128, 256).kernel(3, 3).stride(2, 2)
        .padding(1, 1, 1, 1));
    put(m, ConvConfig.builder("r18.1x1s2_256", 28, 28, 128, 256).stride(2, 2));
    put(m, ConvConfig.builder("r18.3x3_256", 14, 14, 256, 256).kernel(3, 3).padding(1, 1, 1, 1));
    put(m, ConvConfig.builder("r18.3x3s2_512", 14, 14, 256, 512).kernel(3, 3).stride(2, 2)
        .padding(1, 1, 1, 1));
    put(m, ConvConfig.builder("r18.1x1s2_512", 14, 14, 256, 512).stride(2, 2));
    put(m, ConvConfig.builder("r18.3x3_512", 7, 7, 512, 512).kernel(3, 3).padding(1, 1, 1, 1));
    return m;
  }

  private static void put(Map<String, ConvConfig> m, ConvConfig.Builder b) {
    ConvConfig c = b.bias(false).build();
    m.put(c.name(), c);
  }
}
