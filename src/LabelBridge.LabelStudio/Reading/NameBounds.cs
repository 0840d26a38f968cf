using LabelBridge.Core.Vocabulary;

namespace LabelBridge.LabelStudio.Reading;

/// <summary>Names a task brings along (labels, choices, file names) are cut to a length a person could have typed, and
/// the cut is named; region ids, which LabelBridge writes back by, are refused instead of cut.</summary>
/// <remarks>A label travels into every annotation, report line and stored row: a 1 MB label once gave a 60 MB report and
/// a 205 MB database. Label Studio itself does not limit result values; CVAT's own limit is 64 characters, and
/// LabelBridge cuts both platforms at the same 256.</remarks>
internal static class NameBounds
{
    public const int MaxLength = 256;

    /// <summary><paramref name="name"/>, cut to <see cref="MaxLength"/> with a problem naming <paramref name="what"/>.</summary>
    public static string Cut(string name, string subject, string what, List<ReadProblem> problems)
    {
        if (name.Length <= MaxLength)
        {
            return name;
        }

        problems.Add(new ReadProblem(subject, $"{what} has {name.Length} characters; it was cut to its first {MaxLength}."));
        return name[..MaxLength];
    }
}
