namespace LabelBridge.Emulators.Cvat;

/// <summary>One request the emulator received, for assertions and the schema conformance test.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Path without the query string.</param>
/// <param name="Query">Query parameters as received.</param>
/// <param name="Body">The request body as text, or null when there was none.</param>
/// <param name="Organization">The <c>X-Organization</c> header, if sent.</param>
public sealed record RecordedRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Query,
    string? Body,
    string? Organization);
