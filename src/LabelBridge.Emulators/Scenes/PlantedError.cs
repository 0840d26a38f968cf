namespace LabelBridge.Emulators.Scenes;

/// <summary>A label error put into generated scenes on purpose, to check what a sweep finds.</summary>
/// <param name="AnnotationKey">The annotation carrying the error.</param>
/// <param name="Kind">One of <see cref="PlantedKinds"/>.</param>
/// <param name="TrueLabel">What the object really is.</param>
/// <param name="GivenLabel">What it was labelled.</param>
public sealed record PlantedError(string AnnotationKey, string Kind, string TrueLabel, string GivenLabel);

/// <summary>The kinds of planted errors, as <see cref="PlantedError.Kind"/> and <see cref="SceneObject.Planted"/> name them.</summary>
public static class PlantedKinds
{
    /// <summary>An object labelled as another class, drawn mostly from the classes that look most like its own.</summary>
    public const string Mislabel = "mislabel";

    /// <summary>The second copy of an object pasted twice into one frame, labelled differently from the first.</summary>
    public const string DuplicateConflict = "duplicate-conflict";

    /// <summary>A scribble or a patch of background, boxed and labelled as a class.</summary>
    public const string Junk = "junk";
}
