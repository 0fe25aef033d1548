using System.Buffers.Binary;
using System.Text;
using NetGen.Benchmarks.Workloads;

namespace NetGen.Benchmarks.Onnx;

/// <summary>
/// Writes an MLP, a CNN or a recurrent network as an ONNX model (ModelProto, IR version 8, default-domain opset 17) with a few lines
/// of hand-written protobuf encoding — no schema compiler, no protobuf package.
/// </summary>
/// <remarks>
/// Graph: input "input" [N, in] (N symbolic) -> per layer l: Gemm(x, fc{l}.weight [out, in],
/// fc{l}.bias [out], transB = 1) then Relu except after the last layer -> output "output" [N, out].
/// CNN graph (<see cref="WriteCnn"/>): input "input" [N, C, H, W] -> the workload's layers in order as
/// Conv (kernel_shape, pads, strides 1, weight [F, C, K, K], bias [F]), Relu, MaxPool (kernel_shape 2x2,
/// strides 2), Flatten (axis 1: [N, C*H*W] in CHW order, as PyTorch) and Gemm (transB = 1) -> "output" [N, out].
/// Recurrent graph (<see cref="WriteRnn"/>): input "input" [N, T, F] -> Transpose (perm 1, 0, 2) to ONNX's
/// [T, N, F] -> LSTM or GRU (hidden_size H, forward, zero initial state; only Y_h [1, N, H] is produced) ->
/// Gather (axis 0, index 0) to [N, H] -> Gemm (transB = 1) -> "output" [N, out]. ONNX orders the gate blocks
/// differently from PyTorch (LSTM i, o, f, c for PyTorch's i, f, g, o; GRU z, r, h for PyTorch's r, z, n), so
/// the writer permutes the blocks of W, R and B; the GRU sets linear_before_reset = 1, which is PyTorch's
/// n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)). B is [Wb, Rb] concatenated, [1, 2·G·H].
/// Weights are initializers with float32 raw_data (little-endian). Field numbers are those of onnx.proto.
/// </remarks>
public static class OnnxModelWriter
{
    private const int WireVarint = 0, WireLengthDelimited = 2;
    private const int TensorFloat = 1;         // TensorProto.DataType.FLOAT
    private const int TensorInt64 = 7;         // TensorProto.DataType.INT64
    private const int AttributeInt = 2;        // AttributeProto.AttributeType.INT
    private const int AttributeInts = 7;       // AttributeProto.AttributeType.INTS

    public static byte[] WriteMlp(MlpWorkload workload) => WriteModel(graph => WriteGraph(graph, workload));

    public static byte[] WriteCnn(CnnWorkload workload) => WriteModel(graph => WriteGraph(graph, workload));

    public static byte[] WriteRnn(RnnWorkload workload) => WriteModel(graph => WriteGraph(graph, workload));

    /// <summary>
    /// For each ONNX gate block, the PyTorch block it comes from: LSTM ONNX (i, o, f, c) from PyTorch (i, f, g, o);
    /// GRU ONNX (z, r, h) from PyTorch (r, z, n).
    /// </summary>
    private static int[] OnnxGateSources(RnnCell cell) => cell == RnnCell.Lstm ? [0, 3, 1, 2] : [1, 0, 2];

    private static byte[] WriteModel(Action<ProtoWriter> writeGraph)
    {
        var model = new ProtoWriter();
        model.WriteInt64(1, 8);                                  // ir_version
        model.WriteString(2, "NetGen.Benchmarks");               // producer_name
        model.WriteMessage(7, writeGraph);
        model.WriteMessage(8, opset =>                           // opset_import
        {
            opset.WriteString(1, "");                            //   domain: default (ai.onnx)
            opset.WriteInt64(2, 17);                             //   version
        });
        return model.ToArray();
    }

    private static void WriteGraph(ProtoWriter graph, MlpWorkload workload)
    {
        string previous = "input";
        for (int l = 0; l < workload.LayerCount; l++)
        {
            bool last = l == workload.LayerCount - 1;
            string gemmOut = last ? "output" : $"fc{l}";
            graph.WriteMessage(1, node => WriteNode(node, "Gemm", $"Gemm{l}", [previous, $"fc{l}.weight", $"fc{l}.bias"], gemmOut,
                attributes => attributes.WriteMessage(5, a =>
                {
                    a.WriteString(1, "transB");                  // name
                    a.WriteInt64(3, 1);                          // i
                    a.WriteInt64(20, AttributeInt);              // type
                })));
            previous = gemmOut;
            if (!last)
            {
                string reluOut = $"relu{l}";
                graph.WriteMessage(1, node => WriteNode(node, "Relu", $"Relu{l}", [previous], reluOut, _ => { }));
                previous = reluOut;
            }
        }
        graph.WriteString(2, $"{workload.Name}_mlp");                 // name
        for (int l = 0; l < workload.LayerCount; l++)
        {
            int fanIn = workload.Sizes[l], fanOut = workload.Sizes[l + 1];
            graph.WriteMessage(5, t => WriteTensor(t, $"fc{l}.weight", [fanOut, fanIn], workload.Weights[l]));
            graph.WriteMessage(5, t => WriteTensor(t, $"fc{l}.bias", [fanOut], workload.Biases[l]));
        }
        graph.WriteMessage(11, v => WriteValueInfo(v, "input", workload.InputSize));
        graph.WriteMessage(12, v => WriteValueInfo(v, "output", workload.OutputSize));
    }

    private static void WriteGraph(ProtoWriter graph, CnnWorkload workload)
    {
        string previous = "input";
        for (int l = 0; l < workload.Layers.Count; l++)
        {
            CnnLayer layer = workload.Layers[l];
            string output = l == workload.Layers.Count - 1 ? "output" : $"{layer.Kind.ToString().ToLowerInvariant()}{l}";
            string input = previous;
            graph.WriteMessage(1, node =>
            {
                switch (layer.Kind)
                {
                    case CnnLayerKind.Conv:
                        WriteNode(node, "Conv", $"Conv{l}", [input, $"p{layer.Parameter}.weight", $"p{layer.Parameter}.bias"], output, attributes =>
                        {
                            WriteInts(attributes, "kernel_shape", [layer.Kernel, layer.Kernel]);
                            WriteInts(attributes, "pads", [layer.Padding, layer.Padding, layer.Padding, layer.Padding]);
                            WriteInts(attributes, "strides", [1, 1]);
                        });
                        break;
                    case CnnLayerKind.Relu:
                        WriteNode(node, "Relu", $"Relu{l}", [input], output, _ => { });
                        break;
                    case CnnLayerKind.MaxPool:
                        WriteNode(node, "MaxPool", $"MaxPool{l}", [input], output, attributes =>
                        {
                            WriteInts(attributes, "kernel_shape", [2, 2]);
                            WriteInts(attributes, "strides", [2, 2]);
                        });
                        break;
                    case CnnLayerKind.Flatten:
                        WriteNode(node, "Flatten", $"Flatten{l}", [input], output, attributes => WriteInt(attributes, "axis", 1));
                        break;
                    case CnnLayerKind.Dense:
                        WriteNode(node, "Gemm", $"Gemm{l}", [input, $"p{layer.Parameter}.weight", $"p{layer.Parameter}.bias"], output,
                            attributes => WriteInt(attributes, "transB", 1));
                        break;
                }
            });
            previous = output;
        }
        graph.WriteString(2, $"{workload.Name}_cnn");                 // name
        foreach (CnnLayer layer in workload.ParameterLayers)
        {
            int p = layer.Parameter;
            long[] weightDims = layer.Kind == CnnLayerKind.Conv
                ? [layer.Out.Channels, layer.In.Channels, layer.Kernel, layer.Kernel]
                : [layer.Out.Size, layer.In.Size];
            graph.WriteMessage(5, t => WriteTensor(t, $"p{p}.weight", weightDims, workload.Weights[p]));
            graph.WriteMessage(5, t => WriteTensor(t, $"p{p}.bias", [layer.Out.Channels], workload.Biases[p]));
        }
        CnnShape input0 = workload.InputShape;
        graph.WriteMessage(11, v => WriteValueInfo(v, "input", [input0.Channels, input0.Height, input0.Width]));
        graph.WriteMessage(12, v => WriteValueInfo(v, "output", [workload.OutputSize]));
    }

    private static void WriteGraph(ProtoWriter graph, RnnWorkload workload)
    {
        int hidden = workload.HiddenSize;
        string op = workload.Cell == RnnCell.Lstm ? "LSTM" : "GRU";
        graph.WriteMessage(1, node => WriteNode(node, "Transpose", "Transpose0", ["input"], ["sequence"],
            attributes => WriteInts(attributes, "perm", [1, 0, 2])));
        graph.WriteMessage(1, node => WriteNode(node, op, $"{op}0", ["sequence", "W", "R", "B"], ["", "h_last"], attributes =>
        {
            WriteInt(attributes, "hidden_size", hidden);
            if (workload.Cell == RnnCell.Gru) WriteInt(attributes, "linear_before_reset", 1);
        }));
        graph.WriteMessage(1, node => WriteNode(node, "Gather", "Gather0", ["h_last", "direction0"], ["hidden"],
            attributes => WriteInt(attributes, "axis", 0)));
        graph.WriteMessage(1, node => WriteNode(node, "Gemm", "Gemm0", ["hidden", "fc.weight", "fc.bias"], ["output"],
            attributes => WriteInt(attributes, "transB", 1)));
        graph.WriteString(2, $"{workload.Name}_{op.ToLowerInvariant()}");   // name

        int[] sources = OnnxGateSources(workload.Cell);
        int rows = workload.Gates * hidden;
        float[] bias = [.. ReorderGates(workload.BiasIh, sources, hidden, 1), .. ReorderGates(workload.BiasHh, sources, hidden, 1)];
        graph.WriteMessage(5, t => WriteTensor(t, "W", [1, rows, workload.InputSize], ReorderGates(workload.WeightIh, sources, hidden, workload.InputSize)));
        graph.WriteMessage(5, t => WriteTensor(t, "R", [1, rows, hidden], ReorderGates(workload.WeightHh, sources, hidden, hidden)));
        graph.WriteMessage(5, t => WriteTensor(t, "B", [1, 2 * rows], bias));
        graph.WriteMessage(5, t => WriteTensor(t, "fc.weight", [workload.OutputSize, hidden], workload.HeadWeight));
        graph.WriteMessage(5, t => WriteTensor(t, "fc.bias", [workload.OutputSize], workload.HeadBias));
        graph.WriteMessage(5, t => WriteScalar(t, "direction0", 0));
        graph.WriteMessage(11, v => WriteValueInfo(v, "input", [workload.Steps, workload.InputSize]));
        graph.WriteMessage(12, v => WriteValueInfo(v, "output", [workload.OutputSize]));
    }

    /// <summary>
    /// A stacked [G·H, columns] tensor with its gate blocks of <paramref name="hidden"/> rows permuted: ONNX block b
    /// is PyTorch block <paramref name="sources"/>[b].
    /// </summary>
    private static float[] ReorderGates(float[] values, int[] sources, int hidden, int columns)
    {
        int block = hidden * columns;
        var reordered = new float[values.Length];
        for (int b = 0; b < sources.Length; b++) values.AsSpan(sources[b] * block, block).CopyTo(reordered.AsSpan(b * block));
        return reordered;
    }

    /// <summary>AttributeProto { name = 1, i = 3, type = 20 } of type INT, as the node's attribute field (5).</summary>
    private static void WriteInt(ProtoWriter node, string name, long value) => node.WriteMessage(5, a =>
    {
        a.WriteString(1, name);
        a.WriteInt64(3, value);
        a.WriteInt64(20, AttributeInt);
    });

    /// <summary>AttributeProto { name = 1, ints = 8 (repeated, unpacked), type = 20 } of type INTS.</summary>
    private static void WriteInts(ProtoWriter node, string name, long[] values) => node.WriteMessage(5, a =>
    {
        a.WriteString(1, name);
        foreach (long value in values) a.WriteInt64(8, value);
        a.WriteInt64(20, AttributeInts);
    });

    private static void WriteNode(ProtoWriter node, string opType, string name, string[] inputs, string output, Action<ProtoWriter> attributes)
        => WriteNode(node, opType, name, inputs, [output], attributes);

    /// <summary>
    /// NodeProto: input = 1, output = 2, name = 3, op_type = 4, attribute = 5 (written by <paramref name="attributes"/>).
    /// An empty output name leaves that optional output out.
    /// </summary>
    private static void WriteNode(ProtoWriter node, string opType, string name, string[] inputs, string[] outputs, Action<ProtoWriter> attributes)
    {
        foreach (string input in inputs) node.WriteString(1, input);
        foreach (string output in outputs) node.WriteString(2, output);
        node.WriteString(3, name);
        node.WriteString(4, opType);
        attributes(node);
    }

    /// <summary>TensorProto: dims = 1, data_type = 2, name = 8, raw_data = 9.</summary>
    private static void WriteTensor(ProtoWriter tensor, string name, long[] dims, float[] values)
    {
        foreach (long dim in dims) tensor.WriteInt64(1, dim);
        tensor.WriteInt64(2, TensorFloat);
        tensor.WriteString(8, name);
        var raw = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * sizeof(float)), values[i]);
        tensor.WriteBytes(9, raw);
    }

    /// <summary>A scalar (no dims) int64 TensorProto.</summary>
    private static void WriteScalar(ProtoWriter tensor, string name, long value)
    {
        tensor.WriteInt64(2, TensorInt64);
        tensor.WriteString(8, name);
        var raw = new byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(raw, value);
        tensor.WriteBytes(9, raw);
    }

    /// <summary>
    /// ValueInfoProto { name = 1, type = 2: TypeProto { tensor_type = 1: { elem_type = 1, shape = 2:
    /// TensorShapeProto { dim = 1: { dim_value = 1 | dim_param = 2 } } } } } for a [N, features] float tensor.
    /// </summary>
    private static void WriteValueInfo(ProtoWriter value, string name, int features) => WriteValueInfo(value, name, [features]);

    /// <summary>The same for a [N, dims...] float tensor.</summary>
    private static void WriteValueInfo(ProtoWriter value, string name, int[] dims)
    {
        value.WriteString(1, name);
        value.WriteMessage(2, type => type.WriteMessage(1, tensorType =>
        {
            tensorType.WriteInt64(1, TensorFloat);
            tensorType.WriteMessage(2, shape =>
            {
                shape.WriteMessage(1, dim => dim.WriteString(2, "N"));
                foreach (int size in dims) shape.WriteMessage(1, dim => dim.WriteInt64(1, size));
            });
        }));
    }

    /// <summary>The protobuf wire format, just the parts above: varint and length-delimited fields.</summary>
    private sealed class ProtoWriter
    {
        private readonly MemoryStream _buffer = new();

        public byte[] ToArray() => _buffer.ToArray();

        public void WriteInt64(int field, long value)
        {
            WriteTag(field, WireVarint);
            WriteVarint((ulong)value);
        }

        public void WriteString(int field, string value) => WriteBytes(field, Encoding.UTF8.GetBytes(value));

        public void WriteBytes(int field, ReadOnlySpan<byte> value)
        {
            WriteTag(field, WireLengthDelimited);
            WriteVarint((ulong)value.Length);
            _buffer.Write(value);
        }

        /// <summary>An embedded message: written to its own buffer first, since its length comes first.</summary>
        public void WriteMessage(int field, Action<ProtoWriter> writeBody)
        {
            var body = new ProtoWriter();
            writeBody(body);
            WriteBytes(field, body._buffer.GetBuffer().AsSpan(0, (int)body._buffer.Length));
        }

        private void WriteTag(int field, int wireType) => WriteVarint((ulong)((field << 3) | wireType));

        private void WriteVarint(ulong value)
        {
            while (value >= 0x80)
            {
                _buffer.WriteByte((byte)(value | 0x80));
                value >>= 7;
            }
            _buffer.WriteByte((byte)value);
        }
    }
}
