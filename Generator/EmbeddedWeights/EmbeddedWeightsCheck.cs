using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Emitters;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;

namespace NetGen.Generator;

/// <summary>
/// The build-time check of [EmbeddedWeights]: the named file must be a NetGenWeights item of the project (NG0060),
/// a valid safetensors file (NG0061), and hold every tensor the network reads (NG0062) with a dtype the runtime
/// converts and the network's shape (NG0063). The runtime checks the same again when the weights are loaded.
/// </summary>
internal static class EmbeddedWeightsCheck
{
    /// <summary>
    /// Adds the check to the pipeline: the networks with [EmbeddedWeights], each with the tensors it expects, joined
    /// with the headers of the project's NetGenWeights files; its only output is diagnostics, so a changed weights file
    /// re-runs this comparison and never re-emits code.
    /// </summary>
    public static void Register(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<NetGenGenerator.ParseResult> parsed)
    {
        IncrementalValuesProvider<EmbeddedWeightsRequest> requests = parsed
            .Where(static result => result.Spec is not null && result.EmbeddedWeights is not null)
            .Select(static (result, _) => Request(result.Spec!, result.EmbeddedWeights!))
            .WithTrackingName(TrackingNames.Request);
        IncrementalValueProvider<ImmutableArray<SafetensorsHeaderInfo>> headers = context.AdditionalTextsProvider
            .Where(static text => text.Path.EndsWith(SafetensorsHeader.Extension, StringComparison.OrdinalIgnoreCase))
            .Select(static (text, cancellationToken) => SafetensorsHeader.Parse(text.Path, text.GetText(cancellationToken)?.ToString()))
            .WithTrackingName(TrackingNames.Header)
            .Collect();
        context.RegisterSourceOutput(requests.Combine(headers), static (context, pair) =>
        {
            foreach (DiagnosticInfo diagnostic in Check(pair.Left, pair.Right)) context.ReportDiagnostic(diagnostic.ToDiagnostic());
        });
    }

    /// <summary>The network's expected tensors, from the same plan and list the emitter writes s_tensors from.</summary>
    internal static EmbeddedWeightsRequest Request(NetworkSpec spec, EmbeddedWeightsDeclaration declaration)
    {
        EquatableArray<DeclaredTensor>? tensors;
        try
        {
            NetworkPlan plan = Planner.Plan(spec);
            tensors = new EquatableArray<DeclaredTensor>(WeightTensors.Of(plan).Select(t => new DeclaredTensor(t.Name, t.Shape)).ToArray());
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            tensors = null; // the emit step plans the same network and reports the failure as NG0099
        }
        return new EmbeddedWeightsRequest(spec.ClassName.TrimStart('@'), declaration.FileName, declaration.Location, tensors);
    }

    internal static List<DiagnosticInfo> Check(EmbeddedWeightsRequest request, ImmutableArray<SafetensorsHeaderInfo> headers)
    {
        var diagnostics = new List<DiagnosticInfo>();
        SafetensorsHeaderInfo? header = headers.FirstOrDefault(h => string.Equals(h.FileName, request.FileName, StringComparison.Ordinal));
        if (header is null)
        {
            string known = headers.IsEmpty ? "it has none" : "it has: " + string.Join(", ", headers.Select(h => h.FileName).OrderBy(n => n, StringComparer.Ordinal));
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.EmbeddedWeightsNotIncluded, request.Location, request.Network, request.FileName, known));
            return diagnostics;
        }
        if (header.Problem is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.EmbeddedWeightsMalformed, request.Location, request.FileName, request.Network, header.Problem));
            return diagnostics;
        }
        if (request.Tensors is not { } expected) return diagnostics;
        foreach (DeclaredTensor tensor in expected)
        {
            HeaderTensor? found = header.Tensors.FirstOrDefault(t => string.Equals(t.Name, tensor.Name, StringComparison.Ordinal));
            if (found is null)
            {
                string has = header.Tensors.Count == 0 ? "no tensors" : string.Join(", ", header.Tensors.Select(t => $"{t.Name} [{t.Shape}]"));
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.EmbeddedWeightsTensorMissing, request.Location,
                    request.Network, tensor.Name, tensor.Shape, request.FileName, has));
            }
            else if (!SafetensorsHeader.ConvertsToSingle(found.DType))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.EmbeddedWeightsTensorMismatch, request.Location,
                    tensor.Name, request.FileName, request.Network, "dtype F32 (or F16, BF16, F64)", found.DType));
            }
            else if (found.Shape != tensor.Shape)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.EmbeddedWeightsTensorMismatch, request.Location,
                    tensor.Name, request.FileName, request.Network, $"shape [{tensor.Shape}]", $"[{found.Shape}]"));
            }
        }
        return diagnostics;
    }

    /// <summary>Step names, so tests can check that an unchanged project is served from the cache.</summary>
    internal static class TrackingNames
    {
        public const string Request = "EmbeddedWeightsRequest";
        public const string Header = "EmbeddedWeightsHeader";
    }
}
