using System.Text.Json.Nodes;

namespace LabelBridge.LabelStudio.Api;

// Wire shapes of the Label Studio API (snake_case on the wire). Loose parts stay JSON nodes so unknown fields survive.
internal sealed record LsVersion(string? Release, JsonNode? Edition);

internal sealed record LsTokenRefreshRequest(string Refresh);

internal sealed record LsTokenRefreshResponse(string? Access);

internal sealed record LsUser(long Id, string? Email);

internal sealed record LsWebhook(long Id, long? Project, string? Url, Dictionary<string, string>? Headers, bool IsActive);

internal sealed record LsProject(long Id, string? Title, string? LabelConfig);

internal sealed record LsTaskPage(List<LsTask>? Tasks, int Total);

internal sealed record LsTask(
    long Id,
    long? Project,
    JsonObject? Data,
    JsonObject? Meta,
    List<LsAnnotation>? Annotations);

internal sealed record LsAnnotation(
    long Id,
    List<LsResult>? Result,
    bool WasCancelled,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt,
    JsonNode? CompletedBy = null);

internal sealed record LsResult(
    string? Id,
    string? Type,
    string? FromName,
    string? ToName,
    JsonObject? Value,
    double? OriginalWidth,
    double? OriginalHeight);

/// <summary>A new annotation of a task; <c>parent_annotation</c> names the version it was made from, which stays as it was.</summary>
internal sealed record LsAnnotationWrite(JsonArray Result, long? ParentAnnotation);

internal sealed record LsPrediction(long Id, long Task, string? ModelVersion, JsonArray? Result, double? Score);

internal sealed record LsPredictionWrite(long Task, string ModelVersion, double Score, JsonArray Result);

/// <summary>The answer to a bulk prediction import: a count, no ids.</summary>
internal sealed record LsImportedPredictions(int Created);

internal sealed record LsTaskMetaPatch(JsonObject Meta);

internal sealed record LsView(long Id, long? Project, JsonObject? Data);

internal sealed record LsViewWrite(long Project, JsonObject Data);
