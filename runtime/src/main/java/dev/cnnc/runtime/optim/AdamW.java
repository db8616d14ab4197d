package dev.cnnc.runtime.optim;

/**
 * Adam with decoupled weight decay ({@code torch.optim.AdamW}): each step first scales the weights
 * by (1 − lr · weightDecay), then applies the Adam update of the plain gradient.
 */
public final class AdamW extends Adam {
  public AdamW(float lr, float beta1, float beta2, float eps, float weightDecay) {
    super(lr, beta1, beta2, eps, weightDecay, true);
  }

  /** PyTorch defaults: β = (0.9, 0.999), eps 1e-8, weight decay 0.01. */
  public AdamW(float lr) {
    this(lr, 0.9f, 0.999f, 1e-8f, 0.01f);
  }
}
