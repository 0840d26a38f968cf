using System.Text.Json.Nodes;

namespace LabelBridge.Emulators.LabelStudio.Model;

/// <summary>A project with its XML label config.</summary>
public sealed class EmulatedProject
{
    public long Id { get; init; }

    public string Title { get; set; } = "";

    public string LabelConfig { get; set; } = "";
}

/// <summary>A task: its data (image URL...), meta, and annotations.</summary>
public sealed class EmulatedTask
{
    public long Id { get; init; }

    public long Project { get; init; }

    public JsonObject Data { get; set; } = [];

    public JsonObject Meta { get; set; } = [];

    public List<EmulatedAnnotation> Annotations { get; } = [];

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One annotation (completion) of a task, with its result regions exactly as Label Studio stores them.</summary>
public sealed class EmulatedAnnotation
{
    public long Id { get; init; }

    public long Task { get; init; }

    public JsonArray Result { get; set; } = [];

    public bool WasCancelled { get; set; }

    public long CompletedBy { get; set; }

    /// <summary>The annotation this one was made from (Label Studio's <c>parent_annotation</c>), kept unchanged beside it.</summary>
    public long? ParentAnnotation { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A prediction on a task.</summary>
public sealed class EmulatedPrediction
{
    public long Id { get; init; }

    public long Task { get; init; }

    public long Project { get; init; }

    public string ModelVersion { get; set; } = "";

    public JsonArray Result { get; set; } = [];

    public double? Score { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A saved Data Manager tab.</summary>
public sealed class EmulatedView
{
    public long Id { get; init; }

    public long Project { get; init; }

    public JsonObject Data { get; set; } = [];
}

/// <summary>A webhook as Label Studio keeps it (label_studio/webhooks/models.py): per project, with the headers it sends.</summary>
public sealed record EmulatedWebhook(long Id, long? Project, string Url, IReadOnlyDictionary<string, string> Headers, bool IsActive = true, bool SendForAllActions = true, int ConsecutiveFailures = 0);

/// <summary>A file served under <c>/data/upload/</c> or <c>/static/</c>.</summary>
/// <param name="Bytes">The file's content.</param>
/// <param name="ContentType">Served as Content-Type.</param>
/// <param name="ModifiedAt">When it was last written, served as Last-Modified.</param>
public sealed record EmulatedFile(byte[] Bytes, string ContentType, DateTimeOffset ModifiedAt)
{
    /// <summary>A strong ETag from the bytes, as S3 (the MD5 of a single-part object) and other object stores send.</summary>
    public string ETag { get; } = $"\"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Bytes).AsSpan(0, 16))}\"";
}
