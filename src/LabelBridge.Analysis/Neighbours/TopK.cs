namespace LabelBridge.Analysis.Neighbours;

/// <summary>A bounded min-heap over caller-owned slices that keeps the K largest similarities seen.</summary>
internal ref struct TopK
{
    private readonly Span<int> _ids;
    private readonly Span<float> _sims;
    private int _count;

    /// <param name="ids">Storage for K ids.</param>
    /// <param name="sims">Storage for K similarities.</param>
    /// <param name="count">How many entries of a heap built earlier in the same storage are already valid.</param>
    public TopK(Span<int> ids, Span<float> sims, int count = 0)
    {
        _ids = ids;
        _sims = sims;
        _count = count;
    }

    /// <summary>The smallest similarity kept, or -infinity while the heap is not full.</summary>
    public readonly float Threshold => _count < _ids.Length ? float.NegativeInfinity : _sims[0];

    public readonly int Count => _count;

    public void Offer(int id, float similarity)
    {
        if (_count < _ids.Length)
        {
            var child = _count++;
            while (child > 0)
            {
                var parent = (child - 1) >> 1;
                if (!Less(similarity, id, _sims[parent], _ids[parent]))
                {
                    break;
                }

                _ids[child] = _ids[parent];
                _sims[child] = _sims[parent];
                child = parent;
            }

            _ids[child] = id;
            _sims[child] = similarity;
            return;
        }

        if (_ids.Length == 0 || !Less(_sims[0], _ids[0], similarity, id))
        {
            return;
        }

        SiftDown(0, id, similarity, _count);
    }

    /// <summary>Sorts the kept entries most similar first (ties by lower id) and pads the rest with -1.</summary>
    public void SortDescending()
    {
        for (var end = _count - 1; end > 0; end--)
        {
            var id = _ids[end];
            var sim = _sims[end];
            _ids[end] = _ids[0];
            _sims[end] = _sims[0];
            SiftDown(0, id, sim, end);
        }

        for (var i = _count; i < _ids.Length; i++)
        {
            _ids[i] = -1;
            _sims[i] = float.NegativeInfinity;
        }
    }

    private readonly void SiftDown(int start, int id, float similarity, int size)
    {
        var parent = start;
        while (true)
        {
            var child = (2 * parent) + 1;
            if (child >= size)
            {
                break;
            }

            if (child + 1 < size && Less(_sims[child + 1], _ids[child + 1], _sims[child], _ids[child]))
            {
                child++;
            }

            if (!Less(_sims[child], _ids[child], similarity, id))
            {
                break;
            }

            _ids[parent] = _ids[child];
            _sims[parent] = _sims[child];
            parent = child;
        }

        _ids[parent] = id;
        _sims[parent] = similarity;
    }

    // "Worse" ordering: lower similarity is worse; on equal similarity the higher id is worse, so results are deterministic.
    private static bool Less(float simA, int idA, float simB, int idB) => simA < simB || (simA == simB && idA > idB);
}
