using NetGen;

/// <summary>The MNIST IDX files that Samples/Data/fetch-mnist.sh fetches, for the samples that train on them.</summary>
internal static class MnistFiles
{
    /// <summary>Images as 784 floats in [0, 1], labels as one-hot targets; <paramref name="prefix"/> is "train" or "t10k".</summary>
    public static Dataset Load(string folder, string prefix)
    {
        IdxData images = IdxReader.Read(Path.Combine(folder, $"{prefix}-images-idx3-ubyte"));
        IdxData labels = IdxReader.Read(Path.Combine(folder, $"{prefix}-labels-idx1-ubyte"));
        int pixels = images.Dimensions[1] * images.Dimensions[2];
        return Dataset.FromLabels(images.ToSingles(1f / 255), pixels, labels.ToInt32s(), classCount: 10);
    }

    /// <summary>Samples/Data/mnist, looked for from the current folder and from the program's folder upwards.</summary>
    public static string? FindFolder()
    {
        foreach (string from in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (DirectoryInfo? dir = new(from); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "Samples", "Data", "mnist");
                if (Directory.Exists(candidate)) return candidate;
            }
        }
        return null;
    }
}
