namespace NetGen.Samples.ImageKernels;

/// <summary>
/// One convolution and nothing else: a 1×28×28 image in, four 28×28 feature maps out ([4, 28, 28],
/// PyTorch order). 3×3 kernels, padding 1 (same size), no bias, no activation: each output is the
/// plain cross-correlation of the image with one fixed kernel, written into <c>kernels.weight</c>
/// [4, 1, 3, 3] by the program. There is no loss and no training.
/// </summary>
[Network(1, 28, 28)]
[Conv2D(4, 3, Padding = 1, Bias = false, Name = "kernels")]
public partial class KernelBank;
