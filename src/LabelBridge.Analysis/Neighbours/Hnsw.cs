using System.Numerics.Tensors;

namespace LabelBridge.Analysis.Neighbours;

/// <summary>Approximate k nearest neighbours with a hierarchical navigable small-world graph (Malkov and Yashunin).</summary>
/// <remarks>Rows are inserted in batches: within a batch the layer searches run in parallel against the graph as it
/// stood before the batch, then the links are written in row order. That keeps the build multithreaded and still
/// deterministic for a given seed. Similarity is the dot product of L2-normalised rows.</remarks>
internal sealed class Hnsw
{
    private readonly float[] _vectors;
    private readonly int _dimension;
    private readonly int _m;
    private readonly int _m0;
    private readonly int _efConstruction;
    private readonly int[] _levels;
    private readonly int[] _base;
    private readonly int[]?[] _upper;
    private int _entry = -1;
    private int _topLevel = -1;

    private Hnsw(float[] vectors, int count, int dimension, int m, int efConstruction, int seed)
    {
        _vectors = vectors;
        _dimension = dimension;
        _m = m;
        _m0 = 2 * m;
        _efConstruction = efConstruction;
        _levels = new int[count];
        _base = new int[count * (_m0 + 1)];
        _upper = new int[]?[count];
        var random = new Random(seed);
        var scale = 1 / Math.Log(m);
        for (var i = 0; i < count; i++)
        {
            _levels[i] = Math.Min(16, (int)(-Math.Log(1 - random.NextDouble()) * scale));
            if (_levels[i] > 0)
            {
                _upper[i] = new int[_levels[i] * (m + 1)];
            }
        }
    }

    public static Hnsw Build(float[] vectors, int count, int dimension, int m = 16, int efConstruction = 100, int seed = 42)
    {
        var index = new Hnsw(vectors, count, dimension, m, efConstruction, seed);
        var next = 0;
        while (next < count)
        {
            var batch = Math.Clamp(next / 16, 1, 512);
            var end = Math.Min(count, next + batch);
            var chosen = new int[end - next][][];
            var start = next;
            Parallel.For(start, end, node => chosen[node - start] = index.ChooseNeighbours(node));
            for (var node = start; node < end; node++)
            {
                index.Link(node, chosen[node - start]);
            }

            next = end;
        }

        return index;
    }

    /// <summary>The k nearest other rows of every row, searched with beam width <paramref name="ef"/>.</summary>
    public KnnGraph Neighbours(int k, int ef)
    {
        var count = _levels.Length;
        k = Math.Min(k, Math.Max(count - 1, 0));
        var indices = new int[count * k];
        var similarities = new float[count * k];
        Parallel.For(0, count, () => new Visited(count), (row, _, visited) =>
        {
            var found = Search(Row(row), Math.Max(ef, k + 1), visited);
            var heap = new TopK(indices.AsSpan(row * k, k), similarities.AsSpan(row * k, k));
            foreach (var (id, sim) in found)
            {
                if (id != row)
                {
                    heap.Offer(id, sim);
                }
            }

            heap.SortDescending();
            return visited;
        }, _ => { });
        return new KnnGraph(count, k, indices, similarities);
    }

    /// <summary>Up to <paramref name="ef"/> rows nearest to <paramref name="query"/>, most similar first; safe to call from
    /// several threads at once (each call has its own visited set).</summary>
    public List<(int Id, float Sim)> Search(ReadOnlySpan<float> query, int ef) => Search(query, ef, new Visited(_levels.Length));

    private List<(int Id, float Sim)> Search(ReadOnlySpan<float> query, int ef, Visited visited)
    {
        var entry = _entry;
        var entrySim = Similarity(query, entry);
        for (var level = _topLevel; level > 0; level--)
        {
            (entry, entrySim) = Greedy(query, entry, entrySim, level);
        }

        return SearchLayer(query, entry, entrySim, ef, 0, visited);
    }

    private int[][] ChooseNeighbours(int node)
    {
        var level = _levels[node];
        var chosen = new int[level + 1][];
        var entry = Volatile.Read(ref _entry);
        if (entry < 0)
        {
            for (var l = 0; l <= level; l++)
            {
                chosen[l] = [];
            }

            return chosen;
        }

        var query = Row(node);
        var entrySim = Similarity(query, entry);
        for (var l = _topLevel; l > level; l--)
        {
            (entry, entrySim) = Greedy(query, entry, entrySim, l);
        }

        var visited = new Visited(_levels.Length);
        for (var l = level; l >= 0; l--)
        {
            if (l > _topLevel)
            {
                chosen[l] = [];
                continue;
            }

            var candidates = SearchLayer(query, entry, entrySim, _efConstruction, l, visited);
            chosen[l] = SelectHeuristic(candidates, l == 0 ? _m0 : _m);
            (entry, entrySim) = candidates[0];
        }

        return chosen;
    }

    private void Link(int node, int[][] chosen)
    {
        for (var level = 0; level < chosen.Length; level++)
        {
            var links = Links(node, level);
            links[0] = chosen[level].Length;
            chosen[level].CopyTo(links[1..]);
            foreach (var other in chosen[level])
            {
                AddLink(other, node, level);
            }
        }

        if (_levels[node] > _topLevel)
        {
            _topLevel = _levels[node];
            Volatile.Write(ref _entry, node);
        }
    }

    private void AddLink(int from, int to, int level)
    {
        var links = Links(from, level);
        var capacity = links.Length - 1;
        if (links[0] < capacity)
        {
            links[1 + links[0]++] = to;
            return;
        }

        var fromRow = Row(from);
        var candidates = new List<(int Id, float Sim)>(capacity + 1) { (to, Similarity(fromRow, to)) };
        for (var i = 1; i <= capacity; i++)
        {
            candidates.Add((links[i], Similarity(fromRow, links[i])));
        }

        candidates.Sort(BySimilarity);
        var kept = SelectHeuristic(candidates, capacity);
        links[0] = kept.Length;
        kept.CopyTo(links[1..]);
    }

    // Keep a candidate only if it is closer to the query than to every neighbour already kept: links then point in
    // different directions, which is what lets a greedy search cross between clusters.
    private int[] SelectHeuristic(List<(int Id, float Sim)> candidates, int limit)
    {
        var kept = new List<int>(limit);
        foreach (var (id, sim) in candidates)
        {
            if (kept.Count >= limit)
            {
                break;
            }

            var row = Row(id);
            var diverse = true;
            foreach (var other in kept)
            {
                if (Similarity(row, other) > sim)
                {
                    diverse = false;
                    break;
                }
            }

            if (diverse)
            {
                kept.Add(id);
            }
        }

        return [.. kept];
    }

    private (int Id, float Sim) Greedy(ReadOnlySpan<float> query, int entry, float entrySim, int level)
    {
        var improved = true;
        while (improved)
        {
            improved = false;
            var links = Links(entry, level);
            for (var i = 1; i <= links[0]; i++)
            {
                var sim = Similarity(query, links[i]);
                if (sim > entrySim)
                {
                    (entry, entrySim) = (links[i], sim);
                    improved = true;
                }
            }
        }

        return (entry, entrySim);
    }

    /// <summary>Beam search on one layer; returns up to ef rows, most similar first.</summary>
    private List<(int Id, float Sim)> SearchLayer(ReadOnlySpan<float> query, int entry, float entrySim, int ef, int level, Visited visited)
    {
        visited.Clear();
        visited.Add(entry);
        var candidates = new PriorityQueue<int, float>();
        var results = new PriorityQueue<int, float>();
        candidates.Enqueue(entry, -entrySim);
        results.Enqueue(entry, entrySim);
        while (candidates.TryDequeue(out var current, out var negativeSim))
        {
            results.TryPeek(out _, out var worst);
            if (-negativeSim < worst && results.Count >= ef)
            {
                break;
            }

            var links = Links(current, level);
            for (var i = 1; i <= links[0]; i++)
            {
                var neighbour = links[i];
                if (!visited.Add(neighbour))
                {
                    continue;
                }

                var sim = Similarity(query, neighbour);
                results.TryPeek(out _, out worst);
                if (results.Count < ef || sim > worst)
                {
                    candidates.Enqueue(neighbour, -sim);
                    results.Enqueue(neighbour, sim);
                    if (results.Count > ef)
                    {
                        results.Dequeue();
                    }
                }
            }
        }

        var found = new List<(int Id, float Sim)>(results.Count);
        while (results.TryDequeue(out var id, out var sim))
        {
            found.Add((id, sim));
        }

        found.Sort(BySimilarity);
        return found;
    }

    private static int BySimilarity((int Id, float Sim) a, (int Id, float Sim) b) =>
        a.Sim != b.Sim ? b.Sim.CompareTo(a.Sim) : a.Id.CompareTo(b.Id);

    private Span<int> Links(int node, int level) =>
        level == 0 ? _base.AsSpan(node * (_m0 + 1), _m0 + 1) : _upper[node].AsSpan((level - 1) * (_m + 1), _m + 1);

    private ReadOnlySpan<float> Row(int row) => _vectors.AsSpan(row * _dimension, _dimension);

    private float Similarity(ReadOnlySpan<float> query, int row) => TensorPrimitives.Dot(query, Row(row));

    /// <summary>A visited set cleared in O(1) by bumping a generation stamp.</summary>
    private sealed class Visited(int count)
    {
        private readonly int[] _stamps = new int[count];
        private int _generation;

        public void Clear() => _generation++;

        public bool Add(int id)
        {
            if (_stamps[id] == _generation)
            {
                return false;
            }

            _stamps[id] = _generation;
            return true;
        }
    }
}
