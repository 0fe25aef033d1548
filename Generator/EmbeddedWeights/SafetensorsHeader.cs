using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NetGen.Generator.Model;

namespace NetGen.Generator;

/// <summary>
/// Reads the copy of a safetensors header that buildTransitive/NetGen.targets writes for each NetGenWeights file
/// (<c>{file name}.netgen-header</c>: "netgen-safetensors-header 1", "file-length L", "header-length N", then the
/// header's JSON), and checks it as the runtime's SafetensorsReader checks a file, with the same wording, so a file
/// that fails here would fail at load too. The copy exists because the compiler refuses binary AdditionalFiles (CS2015).
/// </summary>
internal static class SafetensorsHeader
{
    /// <summary>How the copies' names end; the rest of the name is the weights file's name.</summary>
    public const string Extension = ".netgen-header";

    private const string Magic = "netgen-safetensors-header 1";
    private const long MaxHeaderLength = 100_000_000;
    private const string MetadataKey = "__metadata__";

    /// <summary>The header in <paramref name="text"/> (null when the file could not be read), for the weights file named by <paramref name="path"/>.</summary>
    public static SafetensorsHeaderInfo Parse(string path, string? text)
    {
        string name = path.Substring(path.LastIndexOfAny(new[] { '/', '\\' }) + 1);
        string fileName = name.EndsWith(Extension, StringComparison.OrdinalIgnoreCase) ? name.Substring(0, name.Length - Extension.Length) : name;
        var tensors = new List<HeaderTensor>();
        string? problem = text is null ? "the build's copy of its header could not be read" : Read(text, tensors);
        return new SafetensorsHeaderInfo(fileName, problem, problem is null ? new EquatableArray<HeaderTensor>(tensors.ToArray()) : EquatableArray<HeaderTensor>.Empty);
    }

    /// <summary>Fills <paramref name="tensors"/> from the header copy; returns what is wrong with the file, or null.</summary>
    private static string? Read(string text, List<HeaderTensor> tensors)
    {
        string[] lines = text.Split(new[] { '\n' }, 4);
        if (lines[0] != Magic || lines.Length < 2 || !TryField(lines[1], "file-length", out long fileLength))
            return "the build's copy of its header is not one buildTransitive/NetGen.targets wrote; rebuild";
        if (fileLength < 8)
            return $"file is truncated: expected at least 8 bytes for the header length, found {fileLength}";
        if (lines.Length < 3 || !TryField(lines[2], "header-length", out long headerLength) || headerLength < 0)
            return "the build's copy of its header is not one buildTransitive/NetGen.targets wrote; rebuild";
        if (headerLength > MaxHeaderLength)
            return $"header length {headerLength} is larger than the limit of {MaxHeaderLength} bytes: the file is corrupt or not safetensors";
        if (headerLength > fileLength - 8)
            return $"file is truncated: header length is {headerLength} bytes but only {fileLength - 8} bytes follow";
        long dataLength = fileLength - 8 - headerLength;

        object? root = HeaderJson.Parse(lines.Length > 3 ? lines[3] : "", out string? error);
        if (error is not null) return $"header is not valid JSON: {error}";
        if (root is not List<KeyValuePair<string, object?>> entries) return "header is not a JSON object";
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, object?> entry in entries)
        {
            if (!seen.Add(entry.Key)) return $"header names '{entry.Key}' twice";
            if (entry.Key == MetadataKey)
            {
                if (entry.Value is not List<KeyValuePair<string, object?>> metadata || metadata.Any(m => m.Value is not string))
                    return "__metadata__ must be an object of strings";
                continue;
            }
            string? problem = ReadTensor(entry.Key, entry.Value, dataLength, out HeaderTensor? tensor);
            if (problem is not null) return problem;
            tensors.Add(tensor!);
        }
        return null;
    }

    /// <summary>One tensor entry, checked for what the runtime checks before it reads data.</summary>
    private static string? ReadTensor(string name, object? value, long dataLength, out HeaderTensor? tensor)
    {
        tensor = null;
        if (value is not List<KeyValuePair<string, object?>> fields)
            return $"tensor '{name}': expected an object with dtype, shape and data_offsets";
        object? Field(string field) => fields.FirstOrDefault(f => f.Key == field).Value;
        if (Field("dtype") is not string dtype) return $"tensor '{name}' has no dtype";
        if (!Integers(Field("shape"), out long[] shape)) return $"tensor '{name}' has no shape of non-negative integers";
        if (!Integers(Field("data_offsets"), out long[] offsets)) return $"tensor '{name}' has no data_offsets of non-negative integers";
        int elementSize = ElementSize(dtype);
        if (elementSize == 0) return $"tensor '{name}': unknown dtype '{dtype}'";
        if (offsets.Length != 2) return $"tensor '{name}': data_offsets must have 2 entries [begin, end], found {offsets.Length}";
        long begin = offsets[0], end = offsets[1];
        if (begin > end) return $"tensor '{name}': data_offsets [{begin}, {end}] end before they begin";
        if (end > dataLength) return $"tensor '{name}': data_offsets [{begin}, {end}] extend past the data section of {dataLength} bytes (file truncated?)";
        string shapeText = string.Join(", ", shape);
        if (shape.Any(dimension => dimension > int.MaxValue)) return $"tensor '{name}': shape [{shapeText}] has a dimension above {int.MaxValue}";
        // Bounded before each multiplication, as the runtime does, so the product cannot overflow.
        long limit = Math.Min(dataLength, long.MaxValue / 16);
        long elements = shape.Contains(0) ? 0 : 1;
        foreach (long dimension in shape)
        {
            if (elements == 0) break;
            if (elements > limit / dimension + 1) return $"tensor '{name}': shape [{shapeText}] is larger than the whole data section of {dataLength} bytes";
            elements *= dimension;
        }
        if (elements * elementSize != end - begin)
            return $"tensor '{name}': {dtype} shape [{shapeText}] needs {elements * elementSize} bytes, data_offsets [{begin}, {end}] hold {end - begin}";
        tensor = new HeaderTensor(name, dtype, shapeText);
        return null;
    }

    private static bool Integers(object? value, out long[] integers)
    {
        integers = System.Array.Empty<long>();
        if (value is not List<object?> items) return false;
        var result = new long[items.Count];
        for (int i = 0; i < result.Length; i++)
        {
            if (items[i] is not HeaderJson.Number number || !long.TryParse(number.Text, NumberStyles.None, CultureInfo.InvariantCulture, out result[i])) return false;
        }
        integers = result;
        return true;
    }

    private static bool TryField(string line, string key, out long value)
    {
        value = 0;
        return line.StartsWith(key + " ", StringComparison.Ordinal)
            && long.TryParse(line.Substring(key.Length + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Bytes per element of each safetensors dtype, as the runtime's SafetensorsDType.ElementSize; 0 for an unknown one.</summary>
    private static int ElementSize(string dtype) => dtype switch
    {
        "BOOL" or "U8" or "I8" or "F8_E5M2" or "F8_E4M3" => 1,
        "I16" or "U16" or "F16" or "BF16" => 2,
        "I32" or "U32" or "F32" => 4,
        "I64" or "U64" or "F64" => 8,
        _ => 0,
    };

    /// <summary>The dtypes the runtime converts to float32 on load.</summary>
    public static bool ConvertsToSingle(string dtype) => dtype is "F32" or "F16" or "BF16" or "F64";
}
