using System.Security.Cryptography;
using System.Text;

namespace LabelBridge.Core.Findings;

/// <summary>Stable finding keys and the marker text that carries them into the platforms.</summary>
/// <remarks>The key depends only on the kind and the annotation, so a re-run finds its own earlier marker
/// (<c>[labelbridge:&lt;key&gt;]</c>) and never writes a second one.</remarks>
public static class FindingKeys
{
    public const string MarkerPrefix = "[labelbridge:";

    public static string For(FindingKind kind, string annotationKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(annotationKey);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{kind}|{annotationKey}"));
        return $"{KindCode(kind)}-{Convert.ToHexStringLower(hash.AsSpan(0, 6))}";
    }

    public static string Marker(string findingKey) => $"{MarkerPrefix}{findingKey}]";

    /// <summary>The finding key of a marker at the start of a message, or null when the message has none.</summary>
    public static string? ParseMarker(string? message)
    {
        if (message is null || !message.StartsWith(MarkerPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var end = message.IndexOf(']', MarkerPrefix.Length);
        return end > MarkerPrefix.Length ? message[MarkerPrefix.Length..end] : null;
    }

    /// <summary>The kind a finding key was made for, or null when it is not a LabelBridge finding key.</summary>
    public static FindingKind? KindOf(string findingKey)
    {
        foreach (var kind in Enum.GetValues<FindingKind>())
        {
            if (findingKey.Length > 3 && findingKey[2] == '-' && findingKey.StartsWith(KindCode(kind), StringComparison.Ordinal))
            {
                return kind;
            }
        }

        return null;
    }

    private static string KindCode(FindingKind kind) => kind switch
    {
        FindingKind.Mislabel => "ml",
        FindingKind.Outlier => "ol",
        FindingKind.DuplicateConflict => "dc",
        FindingKind.Geometry => "ge",
        FindingKind.ReviewerFlag => "rv",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown finding kind."),
    };
}
