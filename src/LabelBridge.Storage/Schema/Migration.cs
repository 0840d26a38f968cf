namespace LabelBridge.Storage.Schema;

/// <summary>One step of a store's schema. Versions start at 1 and are applied in order, each exactly once.</summary>
/// <param name="Version">Position in the sequence; recorded in <c>schema_version</c> once applied.</param>
/// <param name="Description">What it changes, for the log.</param>
/// <param name="Sql">The statements, run in one transaction with the version row.</param>
internal sealed record Migration(int Version, string Description, string Sql);
