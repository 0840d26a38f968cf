using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LabelBridge.Emulators.Cvat;
using YamlDotNet.Serialization;

namespace LabelBridge.Cvat.Tests.Conformance;

/// <summary>CVAT's OpenAPI schema (testdata/cvat/schema.yml) and a check of recorded requests against it:
/// path template, method, declared and required query parameters, required body fields.</summary>
internal sealed class OpenApiSchema
{
    private readonly Dictionary<object, object> paths;
    private readonly Dictionary<object, object> schemas;
    private readonly List<(string Template, Regex Pattern)> templates;

    private OpenApiSchema(Dictionary<object, object> document)
    {
        paths = Map(document["paths"]);
        schemas = Map(Map(document["components"])["schemas"]);
        templates = [.. paths.Keys.Cast<string>().OrderBy(t => t.Count(c => c == '{')).Select(t => (t, new Regex("^" + Regex.Replace(Regex.Escape(t), @"\\\{[^}]+}", "[^/]+") + "$", RegexOptions.CultureInvariant)))];
    }

    public static OpenApiSchema Load()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", "cvat", "schema.yml"));
        return new OpenApiSchema(new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(text));
    }

    /// <summary>The schema operation a request maps to, as "METHOD template", or null.</summary>
    public string? Operation(RecordedRequest request) =>
        templates.FirstOrDefault(t => t.Pattern.IsMatch(request.Path)) is { Template: { } template }
            && Map(paths[template]).ContainsKey(request.Method.ToLowerInvariant())
            ? $"{request.Method} {template}"
            : null;

    /// <summary>Everything about <paramref name="request"/> that CVAT's schema does not allow.</summary>
    public IEnumerable<string> Violations(RecordedRequest request)
    {
        var shown = $"{request.Method} {request.Path}";
        var template = templates.FirstOrDefault(t => t.Pattern.IsMatch(request.Path)).Template;
        if (template is null)
        {
            yield return $"{shown}: no such path in the schema";
            yield break;
        }

        var methods = Map(paths[template]);
        if (!methods.TryGetValue(request.Method.ToLowerInvariant(), out var operationNode))
        {
            yield return $"{shown}: {request.Method} is not an operation of {template}";
            yield break;
        }

        var operation = Map(operationNode);
        var parameters = operation.TryGetValue("parameters", out var list) ? ((List<object>)list).Select(Map).ToList() : [];
        var query = parameters.Where(p => (string)p["in"] == "query").ToList();
        foreach (var name in request.Query.Keys.Where(name => !query.Exists(p => (string)p["name"] == name)))
        {
            yield return $"{shown}: query parameter '{name}' is not declared";
        }

        foreach (var required in query.Where(p => p.TryGetValue("required", out var r) && (string)r == "true").Select(p => (string)p["name"]))
        {
            if (!request.Query.ContainsKey(required))
            {
                yield return $"{shown}: required query parameter '{required}' is missing";
            }
        }

        if (!operation.TryGetValue("requestBody", out var bodyNode))
        {
            if (!string.IsNullOrEmpty(request.Body))
            {
                yield return $"{shown}: sends a body the operation does not take";
            }

            yield break;
        }

        var body = Map(bodyNode);
        if (string.IsNullOrEmpty(request.Body))
        {
            if (body.TryGetValue("required", out var needed) && (string)needed == "true")
            {
                yield return $"{shown}: the request body is required";
            }

            yield break;
        }

        var reference = (string)Map(Map(Map(body["content"])["application/json"])["schema"])["$ref"];
        var schema = Map(schemas[reference[(reference.LastIndexOf('/') + 1)..]]);
        var sent = JsonNode.Parse(request.Body) as JsonObject;
        var requiredFields = schema.TryGetValue("required", out var fields) ? ((List<object>)fields).Cast<string>() : [];
        foreach (var field in requiredFields.Where(f => sent?.ContainsKey(f) != true))
        {
            yield return $"{shown}: required body field '{field}' is missing";
        }

        var properties = Map(schema["properties"]);
        foreach (var field in sent?.Select(p => p.Key).Where(k => !properties.ContainsKey(k)) ?? [])
        {
            yield return $"{shown}: body field '{field}' is not in {reference}";
        }
    }

    private static Dictionary<object, object> Map(object node) => (Dictionary<object, object>)node;
}
