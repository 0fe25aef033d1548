using Microsoft.CodeAnalysis;

namespace NetGen.Generator;

/// <summary>Every diagnostic the generator reports, with its stable ID. IDs are never reused.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "NetGen";

    public static readonly DiagnosticDescriptor NotPartial = Error(
        "NG0001", "Network class must be partial",
        "Network class '{0}' must be declared partial so NetGen can add its generated members");

    public static readonly DiagnosticDescriptor ContainingTypeNotPartial = Error(
        "NG0002", "Containing type must be partial",
        "Network class '{0}' is nested in '{1}', which must also be declared partial");

    public static readonly DiagnosticDescriptor GenericNetwork = Error(
        "NG0003", "Network class cannot be generic",
        "Network class '{0}' is generic; a network's shapes are fixed, so declare it without type parameters");

    public static readonly DiagnosticDescriptor MissingInputShape = Error(
        "NG0004", "Network has no input shape",
        "Network '{0}' declares no input shape; write e.g. [Network(784)] or [Network(1, 28, 28)]");

    public static readonly DiagnosticDescriptor NonPositiveInputDimension = Error(
        "NG0005", "Input dimension must be positive",
        "Network '{0}' has input shape [{1}]; every dimension must be greater than zero");

    public static readonly DiagnosticDescriptor NonPositiveLayerSize = Error(
        "NG0006", "Layer size must be positive",
        "Layer '{0}' declares {1} units; a layer needs at least one");

    public static readonly DiagnosticDescriptor LayersOnSeveralDeclarations = Error(
        "NG0007", "Layers declared on several partial declarations",
        "Network '{0}' has layer attributes on more than one partial declaration; their order would be undefined, so keep all layers on one declaration");

    public static readonly DiagnosticDescriptor SoftmaxNotLast = Error(
        "NG0008", "Softmax must be the last layer's activation",
        "Layer '{0}' applies Softmax but is followed by '{1}'; Softmax normalizes a network's output and is only allowed on the last layer");

    public static readonly DiagnosticDescriptor ActivationBeforeLogitsLoss = Error(
        "NG0009", "Output activation conflicts with the loss",
        "Layer '{0}' applies {1}, but loss {2} expects logits and applies {3} itself; remove the activation (use Predict's output with the loss's own transform for probabilities)");

    public static readonly DiagnosticDescriptor LossDoesNotFitOutput = Error(
        "NG0010", "Loss does not fit the output shape",
        "Loss {0} needs {1}, but the network's output has shape [{2}]");

    public static readonly DiagnosticDescriptor DropoutRateOutOfRange = Error(
        "NG0011", "Dropout rate out of range",
        "Layer '{0}' has dropout rate {1}; the rate must be at least 0 and less than 1");

    public static readonly DiagnosticDescriptor NoLayers = Error(
        "NG0012", "Network has no layers",
        "Network '{0}' declares no layers; add at least one layer attribute such as [Dense(10)]");

    public static readonly DiagnosticDescriptor DuplicateLayerName = Error(
        "NG0013", "Layer name is not unique or not valid",
        "Layer name '{0}' {1}; layer names become tensor names in weight files and must be unique, non-empty and start with a letter");

    public static readonly DiagnosticDescriptor LeakySlopeOutOfRange = Error(
        "NG0014", "LeakyReLU slope out of range",
        "Layer '{0}' has LeakySlope {1}; the slope must be at least 0 and less than 1");

    public static readonly DiagnosticDescriptor DenseNeedsFlatInput = Error(
        "NG0015", "Dense layer needs a flat input",
        "Layer '{0}' receives shape [{1}]; a Dense layer takes a vector, so add [Flatten] before it");

    public static readonly DiagnosticDescriptor UnknownActivation = Error(
        "NG0016", "Unknown activation",
        "Layer '{0}' has activation value {1}, which is not a member of NetGen.Activation");

    public static readonly DiagnosticDescriptor UnknownLoss = Error(
        "NG0017", "Unknown loss",
        "Network '{0}' has loss value {1}, which is not a member of NetGen.LossKind");

    public static readonly DiagnosticDescriptor NetworkTooLarge = Error(
        "NG0018", "Network too large",
        "'{0}' needs {1} floats for {2}; a buffer may hold at most 268,435,456 floats (1 GiB)");

    public static readonly DiagnosticDescriptor WindowLargerThanInput = Error(
        "NG0019", "Window larger than the padded input",
        "Layer '{0}' has a {1} window (dilation included) but its input [{2}] padded by {3} is only {4}");

    public static readonly DiagnosticDescriptor InvalidWindow = Error(
        "NG0020", "Invalid kernel, stride, dilation or padding",
        "Layer '{0}' has {1}");

    public static readonly DiagnosticDescriptor OutputSizeNotWhole = new(
        "NG0021", "Output size is not a whole number",
        "Layer '{0}': (input {1} + padding − window {2}) is not a multiple of stride {3}, so the last {4} row(s)/column(s) of input [{5}] are never read; output [{6}]",
        "NetGen", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor SpatialLayerNeedsImage = Error(
        "NG0022", "Layer needs a [channels, height, width] input",
        "Layer '{0}' receives shape [{1}]; {2} takes {3}");

    public static readonly DiagnosticDescriptor EmbeddingNotFirst = Error(
        "NG0030", "Embedding must be the first layer",
        "Layer '{0}' is an Embedding after '{1}'; an Embedding reads the network's token ids, so it must be the first layer");

    public static readonly DiagnosticDescriptor RecurrentNeedsSequence = Error(
        "NG0031", "Recurrent layer needs a sequence input",
        "Layer '{0}' receives shape [{1}]; {2} takes a sequence [steps, features]{3}");

    public static readonly DiagnosticDescriptor NonPositiveHiddenSize = Error(
        "NG0032", "Hidden size must be positive",
        "Layer '{0}' declares a hidden size of {1}; a recurrent layer needs at least one hidden unit");

    public static readonly DiagnosticDescriptor InvalidEmbeddingSize = Error(
        "NG0033", "Embedding vocabulary and dimension must be positive",
        "Layer '{0}' declares vocabulary {1} and dimension {2}; both must be at least 1");

    public static readonly DiagnosticDescriptor PaddingIndexOutOfRange = Error(
        "NG0034", "Embedding padding index out of range",
        "Layer '{0}' has PaddingIndex {1}; it must be -1 (none) or a token id in [0, {2})");

    public static readonly DiagnosticDescriptor EmbeddingInputNotTokens = Error(
        "NG0035", "Embedding input must be [steps]",
        "Layer '{0}' reads the network input [{1}]; with an Embedding first the input is one token id per step, [steps], e.g. [Network(32)]");

    public static readonly DiagnosticDescriptor SequenceWithImageLayers = Error(
        "NG0036", "Recurrent and image layers in one network",
        "Layer '{0}' is a {1}, but this network also has the {2} layer '{3}'; convolutions and pooling cannot be combined with embeddings or recurrent layers in one network yet");
    public static readonly DiagnosticDescriptor EpsilonOutOfRange = Error(
        "NG0023", "Normalization epsilon out of range",
        "Layer '{0}' has Epsilon {1}; it is added to the variance before the square root and must be a positive, finite number such as 1e-5");

    public static readonly DiagnosticDescriptor MomentumOutOfRange = Error(
        "NG0024", "Batch-norm momentum out of range",
        "Layer '{0}' has Momentum {1}; the newest batch's weight in the running statistics must be greater than 0 and at most 1");

    public static readonly DiagnosticDescriptor LayerNormNeedsFlatInput = Error(
        "NG0025", "LayerNorm needs a flat input",
        "Layer '{0}' receives shape [{1}]; LayerNorm normalizes each sample's feature vector, so add [Flatten] before it");

    public static readonly DiagnosticDescriptor BatchNormOfSequence = Error(
        "NG0026", "BatchNorm of a sequence",
        "Layer '{0}' receives the sequence [{1}]; BatchNorm of a sequence per step is not supported yet, so normalize the last state (ReturnSequences = false) or add [Flatten] before it");

    public static readonly DiagnosticDescriptor VariableLengthWithoutRecurrentLayer = Error(
        "NG0037", "VariableLength needs a recurrent layer",
        "Network '{0}' sets VariableLength = true but has no SimpleRNN, LSTM or GRU layer; sequence lengths only apply to recurrent layers");

    public static readonly DiagnosticDescriptor BidirectionalWithState = Error(
        "NG0038", "Bidirectional layer with State",
        "Layer '{0}' sets both Bidirectional and State; a given initial state and the final state are supported for one direction only yet");

    public static readonly DiagnosticDescriptor BidirectionalWithVariableLength = Error(
        "NG0039", "Bidirectional layer with VariableLength",
        "Layer '{0}' is bidirectional but network '{1}' sets VariableLength = true; the reverse direction of shorter sequences is not supported yet");

    public static readonly DiagnosticDescriptor GlobalPool1DNeedsSequence = Error(
        "NG0040", "Global 1-D pooling needs a sequence",
        "Layer '{0}' receives shape [{1}]; {2} reduces a sequence [steps, features] (or, without sequence layers, a 1-D image [channels, length]) over its steps{3}");

    public static readonly DiagnosticDescriptor SoftmaxOverChannels = Error(
        "NG0041", "Softmax over a convolution's channels",
        "Layer '{0}' applies Softmax, but softmax over channels is not supported on {1}; use it on a Dense layer after [Flatten], or leave the convolution without an activation and train with the loss SoftmaxCrossEntropy on a Dense output");

    public static readonly DiagnosticDescriptor SoftmaxNeedsVector = Error(
        "NG0042", "Stand-alone Softmax needs a vector",
        "Layer '{0}' applies Softmax to [{1}]; a stand-alone Softmax normalizes one vector per sample, so put it after [Flatten] or on a Dense layer");

    public static readonly DiagnosticDescriptor UnknownLayerInput = Error(
        "NG0043", "Layer reads an unknown input",
        "Layer '{0}' reads '{1}', {2}; it can read {3}");

    public static readonly DiagnosticDescriptor MergeShapesDiffer = Error(
        "NG0044", "Merged shapes do not fit",
        "Layer '{0}' ({1}) cannot join [{2}] from '{3}' with [{4}] from '{5}': {6}");

    public static readonly DiagnosticDescriptor OutputNeverRead = Error(
        "NG0045", "Layer output is never read",
        "The output of layer '{0}' is read by no later layer; only the last layer ('{1}') gives the network's output, so read '{0}' with Input = \"{0}\" or a merge, or remove it");

    public static readonly DiagnosticDescriptor MergeNeedsTwoInputs = Error(
        "NG0046", "Merge needs two inputs",
        "Layer '{0}' ({1}) reads only '{2}'; name the layers it joins, e.g. [{1}(\"block1\")] joins the layer above with block1");

    public static readonly DiagnosticDescriptor StaticNetwork = Error(
        "NG0050", "Network class cannot be static",
        "Network class '{0}' is static; a network holds its parameters and buffers in instance members, so remove 'static'");

    public static readonly DiagnosticDescriptor RecordNetwork = Error(
        "NG0051", "Network class cannot be a record",
        "Network '{0}' is a record; a record's generated equality and copy ('with') would compare and share the network's parameter buffers, so declare it as a class");

    public static readonly DiagnosticDescriptor FileLocalNetwork = Error(
        "NG0052", "Network class cannot be file-local",
        "Network class '{0}' {1}; the generated members live in another file, which cannot extend a file-local type, so remove 'file'");

    public static readonly DiagnosticDescriptor LanguageVersionTooLow = Error(
        "NG0053", "C# 12 or later needed",
        "Network '{0}' is compiled as C# {1}; NetGen's generated code needs C# 12 or later, so set <LangVersion>12</LangVersion> (or later) in the project");

    public static readonly DiagnosticDescriptor NetworkDerivesFromNetwork = Error(
        "NG0054", "Network derives from another network",
        "Network '{0}' derives from the network '{1}'; every member NetGen generates would hide one of '{1}', so derive both from a common base class or hold '{1}' in a field");

    public static readonly DiagnosticDescriptor GeneratedMembersClash = Error(
        "NG0055", "Layers generate the same member",
        "Layer '{0}' generates the member '{1}', which {2} generates too; rename one of them (Name = \"...\")");

    public static readonly DiagnosticDescriptor GeneratedMemberTaken = Error(
        "NG0056", "Generated member clashes with a declared one",
        "{0} generates the member '{1}', which '{2}' already {3}; rename {4}");

    public static readonly DiagnosticDescriptor KeywordCaptured = Error(
        "NG0057", "A declaration captures a keyword of the generated code",
        "Network '{0}' can see '{2}', which would capture the generated code's '{1}'; rename it (a type named like a contextual keyword also trips CS8981)");

    public static readonly DiagnosticDescriptor EmbeddedWeightsNotIncluded = Error(
        "NG0060", "Embedded weights file is not in the project",
        "Network '{0}' embeds the weights '{1}', but the project has no NetGenWeights item of that file name ({2}); add <NetGenWeights Include=\"path/to/{1}\" /> to the project");

    public static readonly DiagnosticDescriptor EmbeddedWeightsMalformed = Error(
        "NG0061", "Embedded weights file is not valid safetensors",
        "'{0}', embedded by network '{1}', is not a valid safetensors file: {2}");

    public static readonly DiagnosticDescriptor EmbeddedWeightsTensorMissing = Error(
        "NG0062", "Embedded weights lack a tensor of the network",
        "Network '{0}' reads tensor '{1}' [{2}], which '{3}' does not hold (it has {4})");

    public static readonly DiagnosticDescriptor EmbeddedWeightsTensorMismatch = Error(
        "NG0063", "Embedded weights tensor does not match the network",
        "Tensor '{0}' of '{1}' does not match network '{2}': expected {3}, found {4}");

    public static readonly DiagnosticDescriptor InternalError = Error(
        "NG0099", "NetGen internal error",
        "NetGen could not generate network '{0}': {1}. Please report this with the declaration.");

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
