package dev.cnnc.bench;

import dev.cnnc.runtime.init.Init;
import dev.cnnc.runtime.layers.Conv2d;
import dev.cnnc.runtime.layers.ConvConfig;
import dev.cnnc.runtime.tensor.Tensor;
import java.util.SplittableRandom;

/** One convolution with its tensors allocated and filled, ready to time forward or backward. */
final class ConvCase {
  final ConvConfig cf;
  final Conv2d conv;
  final Tensor x;
  final Tensor y;
  final Tensor dy;
  final Tensor dx;

  ConvCase(ConvConfig cf, int batch) {
    this.cf = cf;
    conv = new Conv2d(cf);
    Init.fill(conv.weight(), Init.Scheme.HE_NORMAL, cf.patchSize(), cf.kh() * cf.kw() * cf.outC(), 1);
    x = Tensor.zeros(batch, cf.inH(), cf.inW(), cf.inC());
    y = Tensor.zeros(batch, cf.outH(), cf.outW(), cf.outC());
    dy = Tensor.zeros(batch, cf.outH(), cf.outW(), cf.outC());
    dx = ConvShapes.isFirstLayer(cf.name()) ? null : Tensor.zeros(batch, cf.inH(), cf.inW(), cf.inC());
    SplittableRandom r = new SplittableRandom(2);
    for (int i = 0; i < x.size(); i++) {
      x.data[i] = (float) r.nextGaussian();
    }
    for (int i = 0; i < dy.size(); i++) {
      dy.data[i] = (float) r.nextGaussian();
    }
  }

  void forward() {
    conv.forward(x, y, true);
  }

  void backward() {
    conv.backward(x, y, dy, dx);
  }

  /** Useful FLOPs of one call (2 per multiply-add; backward = dW plus dX when dX is needed). */
  double flops(boolean backward) {
    double fwd = 2.0 * cf.macsPerSample() * x.n;
    return backward ? fwd * (dx == null ? 1 : 2) : fwd;
  }
}
