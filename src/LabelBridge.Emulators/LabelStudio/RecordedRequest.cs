namespace LabelBridge.Emulators.LabelStudio;

/// <summary>A request the emulator received.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Path without the query, e.g. <c>/api/tasks/</c>.</param>
/// <param name="Query">Query parameters.</param>
/// <param name="Body">The body as text, when there was one.</param>
/// <param name="AuthScheme">The Authorization scheme used (<c>Token</c>, <c>Bearer</c>), never the credential.</param>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, string? Body, string? AuthScheme);
