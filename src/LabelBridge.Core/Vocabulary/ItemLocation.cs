namespace LabelBridge.Core.Vocabulary;

/// <summary>Where an item lives on its platform, enough to read its image and write markers on it.</summary>
/// <param name="TaskId">CVAT task id or Label Studio task id.</param>
/// <param name="JobId">CVAT job id holding the frame; null for Label Studio.</param>
/// <param name="Frame">CVAT absolute frame number within the task; null for Label Studio.</param>
public sealed record ItemLocation(long TaskId, long? JobId = null, int? Frame = null);
