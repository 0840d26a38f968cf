namespace LabelBridge.Core.Vocabulary;

/// <summary>Something that could not be read or used, named for the person who has to fix it.</summary>
/// <param name="Subject">What it is about: an annotation key, item key, job, task, or the platform.</param>
/// <param name="Reason">A plain sentence: what is wrong and, where known, what to do.</param>
public sealed record ReadProblem(string Subject, string Reason);
