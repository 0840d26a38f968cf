using System.IO.Compression;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace LabelBridge.LabelStudio.Tests.Conformance;

/// <summary>Label Studio's OpenAPI definition, reduced to what a request can be checked against: path templates, their
/// methods, each method's query parameters, and whether it is Enterprise-only.</summary>
internal sealed class OpenApiReference
{
    private static readonly Lazy<OpenApiReference> Shared = new(Load);

    private readonly List<PathEntry> paths;
    private readonly YamlMappingNode root;

    private OpenApiReference(List<PathEntry> paths, YamlMappingNode root)
    {
        this.paths = paths;
        this.root = root;
    }

    public static OpenApiReference Instance => Shared.Value;

    /// <summary>Null when the request is one the reference defines for Community Edition; otherwise what is wrong.</summary>
    public string? Check(string method, string path, IEnumerable<string> queryNames)
    {
        var entry = paths.FirstOrDefault(p => p.Template == path) ?? paths.FirstOrDefault(p => p.Pattern.IsMatch(path));
        if (entry is null)
        {
            return $"{method} {path}: no such path in the reference";
        }

        if (!entry.Operations.TryGetValue(method.ToLowerInvariant(), out var operation))
        {
            return $"{method} {path}: {entry.Template} has no {method}";
        }

        if (operation.EnterpriseOnly)
        {
            return $"{method} {entry.Template} is not available in Community Edition";
        }

        var unknown = queryNames.Where(q => !operation.QueryParameters.Contains(q)).ToList();
        return unknown.Count == 0 ? null : $"{method} {entry.Template}: query parameters not in the reference: {string.Join(", ", unknown)}";
    }

    /// <summary>The properties the reference requires in the JSON answer of an operation (of each item, for arrays).</summary>
    public IReadOnlyList<string> RequiredResponseProperties(string template, string method, string status)
    {
        var schema = Child(Child(Child(Child(Child(Child(Child(Child(root, "paths"), template), method), "responses"), status), "content"), "application/json"), "schema");
        if (Child(schema, "type") is YamlScalarNode { Value: "array" })
        {
            schema = Child(schema, "items");
        }

        if (Child(schema, "$ref") is YamlScalarNode reference)
        {
            schema = Child(Child(Child(root, "components"), "schemas"), reference.Value!.Split('/')[^1]);
        }

        return Child(schema, "required") is YamlSequenceNode required ? [.. required.OfType<YamlScalarNode>().Select(n => n.Value!)] : [];
    }

    private static YamlNode? Child(YamlNode? node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static OpenApiReference Load()
    {
        using var file = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "testdata", "label-studio-openapi.yaml.gz"));
        using var reader = new StreamReader(new GZipStream(file, CompressionMode.Decompress));
        var yaml = new YamlStream();
        yaml.Load(reader);
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var entries = new List<PathEntry>();
        foreach (var (key, value) in (YamlMappingNode)root[new YamlScalarNode("paths")])
        {
            var template = ((YamlScalarNode)key).Value!;
            var item = (YamlMappingNode)value;
            var shared = Parameters(item);
            var operations = new Dictionary<string, Operation>(StringComparer.Ordinal);
            foreach (var (methodKey, operationNode) in item)
            {
                var method = ((YamlScalarNode)methodKey).Value!;
                if (method == "parameters" || operationNode is not YamlMappingNode operation)
                {
                    continue;
                }

                var description = operation.Children.TryGetValue(new YamlScalarNode("description"), out var d) ? (d as YamlScalarNode)?.Value ?? "" : "";
                operations[method] = new Operation(
                    [.. shared, .. Parameters(operation)],
                    description.Contains("not available in Label Studio Community Edition", StringComparison.OrdinalIgnoreCase));
            }

            var pattern = new Regex("^" + Regex.Replace(Regex.Escape(template), @"\\\{[^}]+}", "[^/]+") + "$", RegexOptions.CultureInvariant);
            entries.Add(new PathEntry(template, pattern, operations));
        }

        return new OpenApiReference(entries, root);
    }

    private static HashSet<string> Parameters(YamlMappingNode node)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (node.Children.TryGetValue(new YamlScalarNode("parameters"), out var list) && list is YamlSequenceNode parameters)
        {
            foreach (var parameter in parameters.OfType<YamlMappingNode>())
            {
                if (parameter.Children.TryGetValue(new YamlScalarNode("in"), out var where) && ((YamlScalarNode)where).Value == "query"
                    && parameter.Children.TryGetValue(new YamlScalarNode("name"), out var name))
                {
                    names.Add(((YamlScalarNode)name).Value!);
                }
            }
        }

        return names;
    }

    private sealed record PathEntry(string Template, Regex Pattern, Dictionary<string, Operation> Operations);

    private sealed record Operation(HashSet<string> QueryParameters, bool EnterpriseOnly);
}
