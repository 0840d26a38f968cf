using LabelBridge.Analysis.Neighbours;

namespace LabelBridge.Bench.Analysis;

/// <summary>Keeps exact kNN graphs between bench runs (the graph does not depend on labels), when BENCH_GRAPH_CACHE names a folder.</summary>
internal static class GraphCache
{
    public static KnnGraph Build(string name, float[] vectors, int count, int dimension, int k)
    {
        var folder = Environment.GetEnvironmentVariable("BENCH_GRAPH_CACHE");
        if (string.IsNullOrEmpty(folder))
        {
            return ExactKnn.Build(vectors, count, dimension, k);
        }

        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{string.Concat(name.Split(Path.GetInvalidFileNameChars())).Replace(' ', '_')}-{count}-k{k}.bin");
        if (File.Exists(path))
        {
            using var reader = new BinaryReader(File.OpenRead(path));
            var n = reader.ReadInt32();
            var kk = reader.ReadInt32();
            var indices = new int[n * kk];
            var sims = new float[n * kk];
            for (var i = 0; i < indices.Length; i++)
            {
                indices[i] = reader.ReadInt32();
            }

            for (var i = 0; i < sims.Length; i++)
            {
                sims[i] = reader.ReadSingle();
            }

            return new KnnGraph(n, kk, indices, sims);
        }

        var graph = ExactKnn.Build(vectors, count, dimension, k);
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(graph.Count);
        writer.Write(graph.NeighbourCount);
        foreach (var id in graph.Indices)
        {
            writer.Write(id);
        }

        foreach (var sim in graph.Similarities)
        {
            writer.Write(sim);
        }

        return graph;
    }
}
