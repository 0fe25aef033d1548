using NetGen.Generator.Model;

namespace NetGen.Generator;

/// <summary>A network's [EmbeddedWeights("file")]: the file name it gives and where the attribute is.</summary>
internal sealed record EmbeddedWeightsDeclaration(string FileName, LocationInfo? Location);

/// <summary>A tensor the network reads from its weight file: name and shape as the file must spell them ("128, 784").</summary>
internal sealed record DeclaredTensor(string Name, string Shape);

/// <summary>
/// What the build-time check of one network's embedded weights needs: the network, the file it names, where to
/// report, and the tensors it expects (null when planning the network failed, which the emit step reports as NG0099).
/// </summary>
internal sealed record EmbeddedWeightsRequest(string Network, string FileName, LocationInfo? Location, EquatableArray<DeclaredTensor>? Tensors);

/// <summary>A tensor listed in a safetensors header: name, dtype ("F32") and shape ("128, 784").</summary>
internal sealed record HeaderTensor(string Name, string DType, string Shape);

/// <summary>
/// The header of one NetGenWeights file, as the build copied it out (see SafetensorsHeader): its tensors, or
/// why the file is not valid safetensors.
/// </summary>
internal sealed record SafetensorsHeaderInfo(string FileName, string? Problem, EquatableArray<HeaderTensor> Tensors);
