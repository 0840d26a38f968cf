using LabelBridge.Emulators.Scenes;

namespace LabelBridge.Bench.Embeddings.Domains;

/// <summary>The flag-quality bench's scene projects (garments on shelves, icons on photographs) as the embeddings bench
/// sees them: each generated frame is an item, each object's square box an annotation, cropped by the embedder exactly
/// as a sweep crops a CVAT rectangle.</summary>
/// <remarks>Objects carry their true class and no planted errors (no mislabels, duplicates or junk): the bench plants
/// its own 10% flipped labels, so the scene domains are scored like the others.</remarks>
internal static class SceneCropsDomain
{
    public static BenchDomain Build(string name, SceneDomain domain, int frames, int seed)
    {
        var options = new SceneOptions(Tasks: 1, FramesPerTask: frames, JobSize: frames, ObjectsPerFrame: 4,
            MislabelRate: 0, DuplicateConflicts: 0, Junk: 0, Seed: seed);
        var source = new MemoryImageSource();
        var items = new List<LabelBridge.Core.Vocabulary.Item>();
        var annotations = new List<LabelBridge.Core.Vocabulary.Annotation>();
        foreach (var scene in SceneGenerator.Generate(domain, options))
        {
            var key = "scene/" + scene.Name;
            source.Add(key, scene.Image);
            items.Add(BenchDomain.Item(key, scene.Width, scene.Height));
            for (var o = 0; o < scene.Objects.Count; o++)
            {
                var placed = scene.Objects[o];
                annotations.Add(BenchDomain.Box($"{key}/{o}", key, placed.TrueLabel, placed.X, placed.Y, placed.Size, placed.Size));
            }
        }

        return new BenchDomain(name, items, annotations, source);
    }
}
