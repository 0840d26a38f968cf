using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using System.Runtime.Intrinsics;
using LabelBridge.Analysis.Threads;

namespace LabelBridge.Analysis.Neighbours;

/// <summary>Approximate k nearest neighbours with a hierarchical navigable small-world graph (Malkov and Yashunin).</summary>
/// <remarks>Rows are inserted in batches: within a batch the layer searches run in parallel against the graph as it
/// stood before the batch, then the links are written in row order. That keeps the build multithreaded and still
/// deterministic for a given seed, whatever the thread count. Similarity is the dot product of L2-normalised rows.
/// <para>What makes it fast at low dimension (profiled on PCA-64 Fashion-MNIST; bench/RESULTS.md): every search works in
/// per-thread scratch (visited stamps cleared by bumping a generation, both heaps in reused arrays), so a build of a
/// million rows allocates almost nothing per row; a node's unvisited neighbours are gathered and their rows prefetched
/// before any dot product is taken; dot products of 8- and 16-float multiples use 512/256-bit vectors directly; a new
/// node keeps M links on every layer (the paper's rule; 2M is only the level-0 capacity); and the kNN graph of the
/// indexed rows searches level 0 from each row itself instead of descending from the top.</para></remarks>
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

    /// <summary>Indexes the first <paramref name="count"/> rows of <paramref name="vectors"/> (N×D, L2-normalised, kept,
    /// not copied); <paramref name="maxDegreeOfParallelism"/> threads (-1: all) run the layer searches, and the graph is
    /// the same for any value.</summary>
    public static Hnsw Build(
        float[] vectors, int count, int dimension, int m = 16, int efConstruction = 100, int seed = 42, int maxDegreeOfParallelism = -1,
        CancellationToken cancellationToken = default)
    {
        var index = new Hnsw(vectors, count, dimension, m, efConstruction, seed);
        var options = AnalysisThreads.Options(maxDegreeOfParallelism, cancellationToken);
        using var scratch = new ThreadLocal<Scratch>(() => new Scratch(count, Math.Max(efConstruction, 2 * m) + 1, 2 * m));
        var next = 0;
        while (next < count)
        {
            // Per batch rather than per row: a batch is at most 512 inserts, so a cancel is seen within milliseconds.
            cancellationToken.ThrowIfCancellationRequested();
            var batch = Math.Clamp(next / 16, 1, 512);
            var end = Math.Min(count, next + batch);
            var chosen = new int[end - next][][];
            var start = next;
            if (end - start == 1)
            {
                chosen[0] = index.ChooseNeighbours(start, scratch.Value!);
            }
            else
            {
                Parallel.For(start, end, options, node => chosen[node - start] = index.ChooseNeighbours(node, scratch.Value!));
            }

            for (var node = start; node < end; node++)
            {
                index.Link(node, chosen[node - start], scratch.Value!);
            }

            next = end;
        }

        return index;
    }

    /// <summary>The k nearest other rows of every indexed row, searched with beam width <paramref name="ef"/>.</summary>
    /// <remarks>Every row is in the graph, so its search starts on level 0 at the row itself: the descent from the top
    /// layer would only lead back to it.</remarks>
    /// <param name="k">Neighbours per row.</param>
    /// <param name="ef">Beam width.</param>
    /// <param name="cancellationToken">Checked between rows (Parallel.For's own check).</param>
    public KnnGraph Neighbours(int k, int ef, CancellationToken cancellationToken = default)
    {
        var count = _levels.Length;
        k = Math.Min(k, Math.Max(count - 1, 0));
        var indices = new int[count * k];
        var similarities = new float[count * k];
        var width = Math.Max(ef, k + 1);
        // One scratch per thread, not per Parallel.For task: tasks are replaced every few hundred milliseconds, and a
        // count-sized visited array for each was 112 GB of allocation over a 1M-row graph.
        using var scratches = new ThreadLocal<Scratch>(() => new Scratch(count, width + 1, _m0));
        Parallel.For(0, count, AnalysisThreads.Options(cancellationToken), row =>
        {
            var scratch = scratches.Value!;
            ref var query = ref RowRef(row);
            var found = SearchLayer(ref query, row, Dot(ref query, row), width, 0, scratch);
            var heap = new TopK(indices.AsSpan(row * k, k), similarities.AsSpan(row * k, k));
            for (var i = 0; i < found; i++)
            {
                if (scratch.FoundIds[i] != row)
                {
                    heap.Offer(scratch.FoundIds[i], scratch.FoundSims[i]);
                }
            }

            heap.SortDescending();
        });
        return new KnnGraph(count, k, indices, similarities);
    }

    /// <summary>Up to <paramref name="ef"/> rows nearest to <paramref name="query"/>, most similar first; safe to call from
    /// several threads at once (each call has its own scratch).</summary>
    public List<(int Id, float Sim)> Search(ReadOnlySpan<float> query, int ef)
    {
        if (query.Length < _dimension)
        {
            throw new ArgumentException("The query is shorter than the index's dimension.", nameof(query));
        }

        var found = new List<(int Id, float Sim)>(ef);
        if (_entry < 0)
        {
            return found;
        }

        var scratch = new Scratch(_levels.Length, ef + 1, _m0);
        ref var start = ref MemoryMarshal.GetReference(query);
        var entry = _entry;
        var entrySim = Dot(ref start, entry);
        for (var level = _topLevel; level > 0; level--)
        {
            (entry, entrySim) = Greedy(ref start, entry, entrySim, level);
        }

        var count = SearchLayer(ref start, entry, entrySim, ef, 0, scratch);
        for (var i = 0; i < count; i++)
        {
            found.Add((scratch.FoundIds[i], scratch.FoundSims[i]));
        }

        return found;
    }

    private int[][] ChooseNeighbours(int node, Scratch scratch)
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

        ref var query = ref RowRef(node);
        var entrySim = Dot(ref query, entry);
        for (var l = _topLevel; l > level; l--)
        {
            (entry, entrySim) = Greedy(ref query, entry, entrySim, l);
        }

        for (var l = level; l >= 0; l--)
        {
            if (l > _topLevel)
            {
                chosen[l] = [];
                continue;
            }

            var found = SearchLayer(ref query, entry, entrySim, _efConstruction, l, scratch);
            chosen[l] = SelectHeuristic(scratch.FoundIds.AsSpan(0, found), scratch.FoundSims.AsSpan(0, found), _m, scratch);
            (entry, entrySim) = (scratch.FoundIds[0], scratch.FoundSims[0]);
        }

        return chosen;
    }

    private void Link(int node, int[][] chosen, Scratch scratch)
    {
        for (var level = 0; level < chosen.Length; level++)
        {
            var links = Links(node, level);
            links[0] = chosen[level].Length;
            chosen[level].CopyTo(links[1..]);
            foreach (var other in chosen[level])
            {
                AddLink(other, node, level, scratch);
            }
        }

        if (_levels[node] > _topLevel)
        {
            _topLevel = _levels[node];
            Volatile.Write(ref _entry, node);
        }
    }

    private void AddLink(int from, int to, int level, Scratch scratch)
    {
        var links = Links(from, level);
        var capacity = links.Length - 1;
        if (links[0] < capacity)
        {
            links[1 + links[0]++] = to;
            return;
        }

        // Full: keep the most diverse `capacity` of the old links and the new one, most similar first.
        ref var fromRow = ref RowRef(from);
        var ids = scratch.FoundIds.AsSpan(0, capacity + 1);
        var sims = scratch.FoundSims.AsSpan(0, capacity + 1);
        ids[0] = to;
        sims[0] = Dot(ref fromRow, to);
        for (var i = 1; i <= capacity; i++)
        {
            ids[i] = links[i];
            sims[i] = Dot(ref fromRow, links[i]);
        }

        SortDescending(ids, sims);
        var kept = SelectHeuristic(ids, sims, capacity, scratch);
        links[0] = kept.Length;
        kept.CopyTo(links[1..]);
    }

    // Keep a candidate only if it is closer to the query than to every neighbour already kept: links then point in
    // different directions, which is what lets a greedy search cross between clusters. Candidates come most similar first.
    private int[] SelectHeuristic(ReadOnlySpan<int> ids, ReadOnlySpan<float> sims, int limit, Scratch scratch)
    {
        var kept = scratch.Kept;
        var count = 0;
        for (var c = 0; c < ids.Length && count < limit; c++)
        {
            ref var row = ref RowRef(ids[c]);
            var diverse = true;
            for (var j = 0; j < count; j++)
            {
                if (Dot(ref row, kept[j]) > sims[c])
                {
                    diverse = false;
                    break;
                }
            }

            if (diverse)
            {
                kept[count++] = ids[c];
            }
        }

        return kept.AsSpan(0, count).ToArray();
    }

    private (int Id, float Sim) Greedy(ref float query, int entry, float entrySim, int level)
    {
        var improved = true;
        while (improved)
        {
            improved = false;
            var links = Links(entry, level);
            for (var i = 1; i <= links[0]; i++)
            {
                var sim = Dot(ref query, links[i]);
                if (sim > entrySim)
                {
                    (entry, entrySim) = (links[i], sim);
                    improved = true;
                }
            }
        }

        return (entry, entrySim);
    }

    /// <summary>Beam search on one layer; leaves up to ef rows in the scratch's found arrays, most similar first, and
    /// returns how many.</summary>
    private int SearchLayer(ref float query, int entry, float entrySim, int ef, int level, Scratch scratch)
    {
        scratch.NewSearch();
        scratch.Visit(entry);
        var candidates = new Heap(scratch.CandidateIds, scratch.CandidateSims, best: true);
        var results = new Heap(scratch.ResultIds, scratch.ResultSims, best: false);
        scratch.Push(ref candidates, entry, entrySim);
        results.Push(entry, entrySim);
        var pending = scratch.Pending;
        while (candidates.Count > 0)
        {
            var (current, currentSim) = candidates.Pop();
            if (results.Count >= ef && currentSim < results.TopSim)
            {
                break;
            }

            var links = Links(current, level);
            var waiting = 0;
            for (var i = 1; i <= links[0]; i++)
            {
                var neighbour = links[i];
                if (scratch.Visit(neighbour))
                {
                    pending[waiting++] = neighbour;
                    Prefetch(neighbour);
                }
            }

            for (var i = 0; i < waiting; i++)
            {
                var neighbour = pending[i];
                var sim = Dot(ref query, neighbour);
                if (results.Count < ef || sim > results.TopSim)
                {
                    scratch.Push(ref candidates, neighbour, sim);
                    results.Push(neighbour, sim);
                    if (results.Count > ef)
                    {
                        results.Pop();
                    }
                }
            }
        }

        var found = results.Count;
        for (var i = found - 1; i >= 0; i--)
        {
            (scratch.FoundIds[i], scratch.FoundSims[i]) = results.Pop();
        }

        return found;
    }

    // Insertion sort, most similar first (ties by lower id): at most 2M + 1 entries.
    private static void SortDescending(Span<int> ids, Span<float> sims)
    {
        for (var i = 1; i < ids.Length; i++)
        {
            var id = ids[i];
            var sim = sims[i];
            var j = i - 1;
            while (j >= 0 && (sims[j] < sim || (sims[j] == sim && ids[j] > id)))
            {
                ids[j + 1] = ids[j];
                sims[j + 1] = sims[j];
                j--;
            }

            ids[j + 1] = id;
            sims[j + 1] = sim;
        }
    }

    private Span<int> Links(int node, int level) =>
        level == 0 ? _base.AsSpan(node * (_m0 + 1), _m0 + 1) : _upper[node].AsSpan((level - 1) * (_m + 1), _m + 1);

    private ref float RowRef(int row) => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_vectors), (nint)row * _dimension);

    // The first cache lines of a row, so that the dot products after the visited check find them in cache. Rows live in
    // one large array, which the GC does not move; a stale address would only make the hint useless, never fault.
    private unsafe void Prefetch(int row)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        var address = (byte*)Unsafe.AsPointer(ref RowRef(row));
        var bytes = Math.Min(_dimension * sizeof(float), 256);
        for (var offset = 0; offset < bytes; offset += 64)
        {
            Sse.Prefetch0(address + offset);
        }
    }

    private float Dot(ref float query, int row)
    {
        ref var other = ref RowRef(row);
        var dimension = _dimension;
        if (Vector512.IsHardwareAccelerated && (dimension & 15) == 0)
        {
            var sum0 = Vector512<float>.Zero;
            var sum1 = Vector512<float>.Zero;
            var i = 0;
            for (; i + 32 <= dimension; i += 32)
            {
                sum0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref query, (nuint)i), Vector512.LoadUnsafe(ref other, (nuint)i), sum0);
                sum1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref query, (nuint)(i + 16)), Vector512.LoadUnsafe(ref other, (nuint)(i + 16)), sum1);
            }

            if (i < dimension)
            {
                sum0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref query, (nuint)i), Vector512.LoadUnsafe(ref other, (nuint)i), sum0);
            }

            return Vector512.Sum(sum0 + sum1);
        }

        if (Vector256.IsHardwareAccelerated && (dimension & 7) == 0)
        {
            var sum0 = Vector256<float>.Zero;
            var sum1 = Vector256<float>.Zero;
            var i = 0;
            for (; i + 16 <= dimension; i += 16)
            {
                sum0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref query, (nuint)i), Vector256.LoadUnsafe(ref other, (nuint)i), sum0);
                sum1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref query, (nuint)(i + 8)), Vector256.LoadUnsafe(ref other, (nuint)(i + 8)), sum1);
            }

            if (i < dimension)
            {
                sum0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref query, (nuint)i), Vector256.LoadUnsafe(ref other, (nuint)i), sum0);
            }

            return Vector256.Sum(sum0 + sum1);
        }

        return TensorPrimitives.Dot(MemoryMarshal.CreateReadOnlySpan(ref query, dimension), MemoryMarshal.CreateReadOnlySpan(ref other, dimension));
    }

    /// <summary>One thread's working memory, reused by every search that thread runs.</summary>
    private sealed class Scratch(int count, int ef, int maxLinks)
    {
        // 16-bit stamps: half the cache footprint of ints at a million rows; cleared once every 65,535 searches.
        private readonly ushort[] _stamps = new ushort[count];
        private ushort _generation;

        public int[] CandidateIds { get; private set; } = new int[Math.Max(ef, 16)];

        public float[] CandidateSims { get; private set; } = new float[Math.Max(ef, 16)];

        public int[] ResultIds { get; } = new int[ef + 1];

        public float[] ResultSims { get; } = new float[ef + 1];

        public int[] FoundIds { get; } = new int[Math.Max(ef, maxLinks + 1)];

        public float[] FoundSims { get; } = new float[Math.Max(ef, maxLinks + 1)];

        public int[] Pending { get; } = new int[maxLinks + 1];

        public int[] Kept { get; } = new int[maxLinks + 1];

        public void NewSearch()
        {
            if (++_generation == 0)
            {
                Array.Clear(_stamps);
                _generation = 1;
            }
        }

        /// <summary>Marks a row visited in this search; false if it already was.</summary>
        public bool Visit(int id)
        {
            ref var stamp = ref _stamps[id];
            if (stamp == _generation)
            {
                return false;
            }

            stamp = _generation;
            return true;
        }

        /// <summary>Pushes onto the candidate heap, growing its arrays when full (it is not bounded by ef).</summary>
        public void Push(ref Heap heap, int id, float sim)
        {
            if (heap.Count == CandidateIds.Length)
            {
                var ids = CandidateIds;
                var sims = CandidateSims;
                Array.Resize(ref ids, ids.Length * 2);
                Array.Resize(ref sims, sims.Length * 2);
                CandidateIds = ids;
                CandidateSims = sims;
                heap = heap.MovedTo(ids, sims);
            }

            heap.Push(id, sim);
        }
    }

    /// <summary>A binary heap over reused arrays: the most similar on top (<c>best</c>) or the least similar. Ties go by
    /// id, so the order is total and the search the same on every run.</summary>
    private struct Heap(int[] ids, float[] sims, bool best)
    {
        private int[] _ids = ids;
        private float[] _sims = sims;

        public int Count { get; private set; }

        public readonly float TopSim => _sims[0];

        public readonly Heap MovedTo(int[] ids, float[] sims) => this with { _ids = ids, _sims = sims };

        public void Push(int id, float sim)
        {
            var child = Count++;
            while (child > 0)
            {
                var parent = (child - 1) >> 1;
                if (!Above(sim, id, _sims[parent], _ids[parent]))
                {
                    break;
                }

                _ids[child] = _ids[parent];
                _sims[child] = _sims[parent];
                child = parent;
            }

            _ids[child] = id;
            _sims[child] = sim;
        }

        public (int Id, float Sim) Pop()
        {
            var top = (_ids[0], _sims[0]);
            var size = --Count;
            if (size > 0)
            {
                var id = _ids[size];
                var sim = _sims[size];
                var parent = 0;
                while (true)
                {
                    var child = (2 * parent) + 1;
                    if (child >= size)
                    {
                        break;
                    }

                    if (child + 1 < size && Above(_sims[child + 1], _ids[child + 1], _sims[child], _ids[child]))
                    {
                        child++;
                    }

                    if (!Above(_sims[child], _ids[child], sim, id))
                    {
                        break;
                    }

                    _ids[parent] = _ids[child];
                    _sims[parent] = _sims[child];
                    parent = child;
                }

                _ids[parent] = id;
                _sims[parent] = sim;
            }

            return top;
        }

        // Whether (simA, idA) belongs above (simB, idB): more similar (lower id on a tie) in a best-first heap, less
        // similar (higher id on a tie) in a worst-first one.
        private readonly bool Above(float simA, int idA, float simB, int idB) =>
            best ? simA > simB || (simA == simB && idA < idB) : simA < simB || (simA == simB && idA > idB);
    }
}
