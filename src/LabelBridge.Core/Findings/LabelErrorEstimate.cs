using System.Globalization;

namespace LabelBridge.Core.Findings;

/// <summary>How many labels of a population confident learning thinks are wrong, and how many of them a sweep shows.</summary>
/// <remarks>The estimate is the sweep's mislabel budget: writing more markers than there are likely errors only
/// buries the real ones, so at most <see cref="EstimatedWrong"/> mislabel findings are written.</remarks>
/// <param name="Population">Annotations judged.</param>
/// <param name="EstimatedWrong">About how many of their labels look wrong (the confident joint's off-diagonal).</param>
/// <param name="Shown">Mislabel findings kept: at most the estimate, fewer when the calibrated score is too low.</param>
/// <param name="Scorer">The mislabel scorer that produced it (knn, classifier, combined, network, network-combined).</param>
public sealed record LabelErrorEstimate(int Population, int EstimatedWrong, int Shown, string Scorer)
{
    /// <summary>"about 19 labels (5.9%) look wrong; showing the 19 most likely".</summary>
    public string Sentence() => string.Create(CultureInfo.InvariantCulture,
        $"about {EstimatedWrong} label{(EstimatedWrong == 1 ? "" : "s")} ({(Population > 0 ? (double)EstimatedWrong / Population : 0):0.0%}) look wrong; showing the {Shown} most likely");

    /// <summary>Two populations (objects, image-level labels) as one line.</summary>
    public static LabelErrorEstimate? Sum(LabelErrorEstimate? a, LabelErrorEstimate? b) =>
        a is null ? b : b is null ? a : new(a.Population + b.Population, a.EstimatedWrong + b.EstimatedWrong, a.Shown + b.Shown, a.Scorer == b.Scorer ? a.Scorer : $"{a.Scorer}+{b.Scorer}");
}
