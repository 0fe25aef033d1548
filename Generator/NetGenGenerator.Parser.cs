using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Layers;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;

namespace NetGen.Generator;

public sealed partial class NetGenGenerator
{
    /// <summary>What the parser makes of one [Network] class: a spec when it is valid, and its diagnostics.</summary>
    /// <remarks>
    /// <see cref="Taken"/> (the members the class already has) and <see cref="Places"/> (where its attributes are) let the
    /// emit step report generated members that would clash, at the attribute they come from.
    /// <see cref="EmbeddedWeights"/> is the network's [EmbeddedWeights] with its place, for the build-time check of the file.
    /// </remarks>
    internal sealed record ParseResult(NetworkSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics,
        EquatableArray<MemberSignature> Taken = default, NetworkPlaces? Places = null, EmbeddedWeightsDeclaration? EmbeddedWeights = null);

    internal static class Parser
    {
        private const string Namespace = "NetGen";

        /// <summary>Reads the attributes of one class into a value model. Never throws.</summary>
        public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            var symbol = (INamedTypeSymbol)context.TargetSymbol;
            var diagnostics = new List<DiagnosticInfo>();
            try
            {
                NetworkSpec? spec = ParseCore(context, symbol, diagnostics, out NetworkPlaces? places, cancellationToken);
                bool valid = diagnostics.TrueForAll(d => d.Descriptor.DefaultSeverity != DiagnosticSeverity.Error);
                if (!valid || spec is null) return new ParseResult(null, new EquatableArray<DiagnosticInfo>(diagnostics.ToArray()));
                MemberSignature[] taken = MemberSignatures.Taken(symbol, context.SemanticModel.Compilation)
                    .OrderBy(member => member.Name, StringComparer.Ordinal).ThenBy(member => member.Parameters, StringComparer.Ordinal).ToArray();
                EmbeddedWeightsDeclaration? embedded = EmbeddedWeightsParser.Read(symbol, cancellationToken);
                return new ParseResult(spec with { EmbeddedWeights = embedded?.FileName }, new EquatableArray<DiagnosticInfo>(diagnostics.ToArray()),
                    new EquatableArray<MemberSignature>(taken), places, embedded);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError,
                    LocationInfo.From(context.TargetNode.GetLocation()), symbol.Name, exception.Message));
                return new ParseResult(null, new EquatableArray<DiagnosticInfo>(diagnostics.ToArray()));
            }
        }

        private static NetworkSpec? ParseCore(GeneratorAttributeSyntaxContext context, INamedTypeSymbol symbol,
            List<DiagnosticInfo> diagnostics, out NetworkPlaces? places, CancellationToken cancellationToken)
        {
            places = null;
            var declaration = (TypeDeclarationSyntax)context.TargetNode;
            // A class without a name is already a compiler error, and one network is generated once even
            // if [Network] is (wrongly, CS0579) on several of its declarations: the first one wins.
            if (declaration.Identifier.IsMissing || symbol.Name.Length == 0 || !IsFirstNetworkDeclaration(symbol, declaration, cancellationToken)
                || !HasNamedContainers(symbol))
            {
                return null;
            }
            LocationInfo? classLocation = LocationInfo.From(declaration.Identifier.GetLocation());
            string name = symbol.Name;

            if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotPartial, classLocation, name));
            }
            if (symbol.Arity > 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericNetwork, classLocation, name));
            }
            CheckDeclaration(symbol, declaration, classLocation, diagnostics);
            CheckCapturedKeywords(context.SemanticModel, symbol, declaration, classLocation, diagnostics);
            var containing = new List<ContainingTypeSpec>();
            for (INamedTypeSymbol? outer = symbol.ContainingType; outer is not null; outer = outer.ContainingType)
            {
                bool partial = outer.DeclaringSyntaxReferences.Any(reference =>
                    reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax syntax && syntax.Modifiers.Any(SyntaxKind.PartialKeyword));
                if (!partial)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ContainingTypeNotPartial, classLocation, name, outer.Name));
                }
                if (outer.Arity > 0)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericNetwork, classLocation, outer.Name));
                }
                if (outer.IsFileLocal)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.FileLocalNetwork, classLocation, name, $"is nested in the file-local type '{outer.Name}'"));
                }
                containing.Insert(0, new ContainingTypeSpec(Keyword(outer), EscapedIdentifier(outer.Name)));
            }

            // The [Network] attribute the pipeline matched on this declaration.
            AttributeData network = context.Attributes[0];
            LocationInfo? networkLocation = AttributeLocation(network, cancellationToken) ?? classLocation;
            int[] input = ReadInput(network);
            LossKindSpec loss = LossKindSpec.None;
            bool variableLength = false;
            foreach (KeyValuePair<string, TypedConstant> argument in network.NamedArguments)
            {
                if (argument.Key == "Loss" && argument.Value.Value is int lossValue)
                {
                    if (!Enum.IsDefined(typeof(LossKindSpec), lossValue))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownLoss, networkLocation, name, Invariant(lossValue)));
                    }
                    loss = (LossKindSpec)lossValue;
                }
                if (argument.Key == "VariableLength" && argument.Value.Value is bool variable) variableLength = variable;
            }
            if (input.Length == 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingInputShape, networkLocation, name));
            }
            else if (input.Any(dimension => dimension <= 0))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NonPositiveInputDimension, networkLocation, name, ShapeInference.Format(input)));
            }
            else if (!BufferLimit.Fits(ShapeInference.Floats(input)))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkTooLarge, networkLocation, name,
                    BufferLimit.Format(ShapeInference.Floats(input)), $"one input sample [{ShapeInference.Format(input)}]"));
            }

            // Layers, in source order. Attributes on several partial declarations have no defined order.
            var layers = new List<LayerSpec>();
            var layerLocations = new List<LocationInfo?>();
            var declaringTrees = new HashSet<SyntaxNode>();
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (AttributeData attribute in symbol.GetAttributes())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (LayerAttributeOf(attribute.AttributeClass) is not { } declared) continue;
                SyntaxNode? syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken);
                if (syntax?.Parent?.Parent is { } owner) declaringTrees.Add(owner);
                counts.TryGetValue(declared.NamePrefix, out int ordinal);
                counts[declared.NamePrefix] = ordinal + 1;
                LocationInfo? location = LocationInfo.From(syntax?.GetLocation()) ?? classLocation;
                LayerSpec? layer = LayerCatalog.For(declared.Kind).Read(declared, attribute, declared.NamePrefix + Invariant(ordinal), location, diagnostics);
                if (layer is null) continue;
                layers.Add(layer);
                layerLocations.Add(location);
            }
            if (declaringTrees.Count > 1)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LayersOnSeveralDeclarations, classLocation, name));
            }
            if (layers.Count == 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoLayers, networkLocation, name));
            }
            CheckNames(layers, layerLocations, diagnostics);
            if (variableLength && layers.Count > 0 && !layers.Any(ShapeInference.IsRecurrent))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.VariableLengthWithoutRecurrentLayer, networkLocation, name));
            }
            for (int i = 0; i < layers.Count; i++)
            {
                if (!layers[i].Bidirectional) continue;
                if (layers[i].State) diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BidirectionalWithState, layerLocations[i], layers[i].Name));
                if (variableLength) diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BidirectionalWithVariableLength, layerLocations[i], layers[i].Name, name));
            }

            // Source declarations always have locations; without them, problems found later are reported without one.
            LocationInfo[] known = layerLocations.OfType<LocationInfo>().ToArray();
            places = known.Length == layerLocations.Count ? new NetworkPlaces(classLocation, networkLocation, new EquatableArray<LocationInfo>(known)) : null;
            var spec = new NetworkSpec(
                NamespaceOf(symbol),
                EscapedIdentifier(name),
                new EquatableArray<ContainingTypeSpec>(containing.ToArray()),
                new EquatableArray<int>(input),
                loss,
                new EquatableArray<LayerSpec>(layers.ToArray()),
                variableLength);

            if (diagnostics.Count == 0)
            {
                // Shape problems are errors except NG0021 (rows a strided window never reads), a warning.
                var errors = new List<ShapeError>();
                ShapeInference.Infer(spec.InputShape, spec.Layers, spec.Loss, errors);
                foreach (ShapeError error in errors)
                {
                    diagnostics.Add(new DiagnosticInfo(error.Descriptor, layerLocations[error.LayerIndex], new EquatableArray<string>(error.Arguments)));
                }
            }
            return spec;
        }

        private static int[] ReadInput(AttributeData network)
        {
            int[] input = Array.Empty<int>();
            if (network.ConstructorArguments.Length == 1)
            {
                input = IntArray(network.ConstructorArguments[0]);
            }
            foreach (KeyValuePair<string, TypedConstant> argument in network.NamedArguments)
            {
                if (argument.Key == "Input") input = IntArray(argument.Value);
            }
            return input;
        }

        private static int[] IntArray(TypedConstant constant) =>
            constant.Kind == TypedConstantKind.Array && !constant.IsNull
                ? constant.Values.Select(value => value.Value is int i ? i : 0).ToArray()
                : Array.Empty<int>();

        /// <summary>The layer attributes of every family, by class name.</summary>
        private static readonly Dictionary<string, LayerAttribute> s_layerAttributes = LayerAttributes();

        private static Dictionary<string, LayerAttribute> LayerAttributes()
        {
            var attributes = new Dictionary<string, LayerAttribute>(StringComparer.Ordinal);
            foreach (LayerFamily family in LayerCatalog.Families)
            {
                foreach (LayerAttribute attribute in family.Attributes) attributes.Add(attribute.ClassName, attribute);
            }
            return attributes;
        }

        /// <summary>The layer attribute an attribute class is, or null when it declares no layer.</summary>
        private static LayerAttribute? LayerAttributeOf(INamedTypeSymbol? attributeClass) =>
            attributeClass is null || attributeClass.ContainingNamespace?.ToDisplayString() != Namespace
                || !s_layerAttributes.TryGetValue(attributeClass.Name, out LayerAttribute? declared)
                ? null
                : declared;

        private static void CheckNames(List<LayerSpec> layers, List<LocationInfo?> locations, List<DiagnosticInfo> diagnostics)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            var identifiers = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < layers.Count; i++)
            {
                string layerName = layers[i].Name;
                string identifier = Planner.Identifier(layerName);
                string? problem =
                    layerName.Length == 0 || !IsAsciiLetter(layerName[0]) ? "does not start with a letter" :
                    !layerName.All(c => IsAsciiLetter(c) || c is (>= '0' and <= '9') or '.' or '_' or '-') ? "has characters other than letters, digits, '.', '_' and '-'" :
                    layerName == LayerGraph.NetworkInput ? "is how layers name the network's input (Input = \"input\")" :
                    !names.Add(layerName) ? "is used by an earlier layer" :
                    !identifiers.Add(identifier) ? $"maps to the member name '{identifier}' of an earlier layer" :
                    null;
                if (problem is not null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateLayerName, locations[i], layerName, problem));
                }
            }
        }

        private static bool IsAsciiLetter(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z');

        /// <summary>Whether <paramref name="declaration"/> carries the first [Network] of its class (by file, then position).</summary>
        private static bool IsFirstNetworkDeclaration(INamedTypeSymbol symbol, TypeDeclarationSyntax declaration, CancellationToken cancellationToken)
        {
            SyntaxReference? first = symbol.GetAttributes()
                .Where(attribute => attribute.AttributeClass?.ToDisplayString() == NetworkAttributeName && attribute.ApplicationSyntaxReference is not null)
                .Select(attribute => attribute.ApplicationSyntaxReference!)
                .OrderBy(reference => reference.SyntaxTree.FilePath, StringComparer.Ordinal)
                .ThenBy(reference => reference.Span.Start)
                .FirstOrDefault();
            return first is null || declaration.Span.Contains(first.Span) && first.SyntaxTree == declaration.SyntaxTree;
        }

        /// <summary>
        /// Declarations the generated members cannot be added to: a static class (instance members), a record (its
        /// synthesized equality and copy would compare and share the parameter buffers), a file-local class (the
        /// generated file would declare a second, unrelated class), a class derived from a network (every generated
        /// member would hide the base's) and C# before 12 (the code uses collection expressions).
        /// </summary>
        private static void CheckDeclaration(INamedTypeSymbol symbol, TypeDeclarationSyntax declaration, LocationInfo? location, List<DiagnosticInfo> diagnostics)
        {
            string name = symbol.Name;
            if (symbol.IsStatic)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.StaticNetwork, location, name));
            }
            if (symbol.IsRecord)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RecordNetwork, location, name));
            }
            if (symbol.IsFileLocal)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.FileLocalNetwork, location, name, "is declared 'file'"));
            }
            for (INamedTypeSymbol? baseType = symbol.BaseType; baseType is not null; baseType = baseType.BaseType)
            {
                if (!baseType.GetAttributes().Any(attribute => attribute.AttributeClass?.ToDisplayString() == NetworkAttributeName)) continue;
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkDerivesFromNetwork, location, name, baseType.Name));
                break;
            }
            if (declaration.SyntaxTree.Options is CSharpParseOptions { LanguageVersion: < LanguageVersion.CSharp12 } options)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LanguageVersionTooLow, location, name, options.LanguageVersion.ToDisplayString()));
            }
        }

        /// <summary>
        /// Contextual keywords the generated code uses, which a declaration of the same name in scope would capture:
        /// <c>var</c> and <c>nuint</c> bind to a type of that name, <c>nameof(x)</c> to a method of that name.
        /// </summary>
        private static readonly string[] s_capturedKeywords = { "var", "nuint", "nameof" };

        private static void CheckCapturedKeywords(SemanticModel model, INamedTypeSymbol symbol, TypeDeclarationSyntax declaration, LocationInfo? location, List<DiagnosticInfo> diagnostics)
        {
            int position = declaration.Identifier.SpanStart;
            foreach (string keyword in s_capturedKeywords)
            {
                // In the class (its members and inherited ones) and around it (containing types, namespaces).
                ISymbol? capturing = model.LookupSymbols(position, symbol, keyword).Concat(model.LookupSymbols(position, null, keyword))
                    .FirstOrDefault(found => keyword == "nameof" ? found is IMethodSymbol : found is INamedTypeSymbol);
                if (capturing is null) continue;
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.KeywordCaptured, location, symbol.Name, keyword,
                    capturing.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat)));
            }
        }

        /// <summary>
        /// Whether every enclosing namespace and type has a name: a broken declaration (<c>namespace , MyApp;</c>) gives
        /// one without, which is already a compiler error and could only be written back as code that does not parse.
        /// </summary>
        private static bool HasNamedContainers(INamedTypeSymbol symbol)
        {
            for (INamedTypeSymbol? type = symbol.ContainingType; type is not null; type = type.ContainingType)
            {
                if (!SyntaxFacts.IsValidIdentifier(type.Name)) return false;
            }
            for (INamespaceSymbol? ns = symbol.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
            {
                if (!SyntaxFacts.IsValidIdentifier(ns.Name)) return false;
            }
            return true;
        }

        /// <summary>The namespace as C# source, each part escaped (<c>My.@event</c>), or null for the global namespace.</summary>
        private static string? NamespaceOf(INamedTypeSymbol symbol)
        {
            var parts = new List<string>();
            for (INamespaceSymbol? ns = symbol.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
            {
                parts.Insert(0, EscapedIdentifier(ns.Name));
            }
            return parts.Count == 0 ? null : string.Join(".", parts);
        }

        /// <summary>A name as a C# identifier: keywords, contextual ones included, get '@' (<c>@class</c>).</summary>
        private static string EscapedIdentifier(string name) =>
            SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

        private static LocationInfo? AttributeLocation(AttributeData attribute, CancellationToken cancellationToken) =>
            LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation());

        private static string Keyword(INamedTypeSymbol type) => type switch
        {
            { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
            { IsRecord: true } => "record",
            { TypeKind: TypeKind.Struct } => "struct",
            { TypeKind: TypeKind.Interface } => "interface",
            _ => "class",
        };

        private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
