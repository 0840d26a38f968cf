using System.Globalization;

namespace LabelBridge.Analysis.Threads;

/// <summary>The analysis' own threads: every parallel loop of the analysis (kNN blocks, HNSW, PCA, the classifiers, UMAP)
/// runs its work here instead of on the .NET thread pool.</summary>
/// <remarks>A worker serves its web API and triage page (Kestrel), checks in with the Quartz cluster and watches its
/// sweep's owner from the thread pool. The analysis' loops, left to the pool, fill its queues for minutes on a large
/// project, and a timer continuation then waits seconds for a thread (bench pool-latency: up to 5.2 s at 100k rows on a
/// loaded 2-core machine), long enough for the cluster to take a busy worker for dead. Here the loops keep one thread per
/// core of their own, so the pool has nothing queued but its own short work and answers within the machine's scheduling
/// delay. The results do not depend on the threads: every loop writes disjoint outputs and the analysis is seeded.
/// <para>A loop's calling thread takes part (it runs the first share of the work inline, as <see cref="Parallel"/> does
/// with any scheduler), and a thread that waits for a loop's pending task runs it itself, so nested loops cannot
/// deadlock on a full set of threads.</para></remarks>
internal static class AnalysisThreads
{
    private static readonly Lazy<DedicatedScheduler> Shared = new(() => new DedicatedScheduler(Environment.ProcessorCount), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The scheduler of the analysis' threads (one per core, created on first use, background threads).</summary>
    public static TaskScheduler Scheduler => Shared.Value;

    /// <summary>Options for a parallel loop of the analysis: its work on <see cref="Scheduler"/>.</summary>
    /// <param name="cancellationToken">Checked by the loop between iterations.</param>
    public static ParallelOptions Options(CancellationToken cancellationToken = default) => Options(-1, cancellationToken);

    /// <summary>Options for a parallel loop of the analysis: its work on <see cref="Scheduler"/>.</summary>
    /// <param name="maxDegreeOfParallelism">At most this many iterations at once; -1 for one per thread.</param>
    /// <param name="cancellationToken">Checked by the loop between iterations.</param>
    public static ParallelOptions Options(int maxDegreeOfParallelism, CancellationToken cancellationToken) =>
        new() { CancellationToken = cancellationToken, MaxDegreeOfParallelism = maxDegreeOfParallelism, TaskScheduler = Shared.Value };

    /// <summary>Starts <paramref name="work"/> on the analysis' threads (a background computation, such as an index build).</summary>
    public static Task RunAsync(Action work, CancellationToken cancellationToken = default) =>
        Task.Factory.StartNew(work, cancellationToken, TaskCreationOptions.DenyChildAttach, Shared.Value);

    /// <summary>Whether the current thread is one of the analysis' threads (tests).</summary>
    internal static bool IsAnalysisThread => DedicatedScheduler.IsOwnThread;

    /// <summary>A fixed set of background threads taking tasks from one queue.</summary>
    /// <remarks>A task run inline after it was queued (a loop's waiting caller runs it) leaves the queue at once: a queued
    /// loop task holds the loop's body, and the body the vectors it reads (1 GB at a million rows), which a stale entry kept
    /// reachable until a busy thread came to it, past the collection meant to free them.</remarks>
    private sealed class DedicatedScheduler : TaskScheduler
    {
        [ThreadStatic]
        private static bool ownThread;

        // A monitor, not a Lock: the threads wait on it for work (Monitor.Wait).
        private readonly object gate = new();
        private readonly LinkedList<Task> queue = [];
        private readonly Dictionary<Task, LinkedListNode<Task>> entries = [];
        private readonly int threads;

        public DedicatedScheduler(int threads)
        {
            this.threads = Math.Max(1, threads);
            for (var i = 0; i < this.threads; i++)
            {
                new Thread(Work)
                {
                    IsBackground = true,
                    Name = string.Create(CultureInfo.InvariantCulture, $"LabelBridge analysis {i + 1}"),
                }.Start();
            }
        }

        public static bool IsOwnThread => ownThread;

        public override int MaximumConcurrencyLevel => threads;

        protected override void QueueTask(Task task)
        {
            lock (gate)
            {
                entries[task] = queue.AddLast(task);
                Monitor.Pulse(gate);
            }
        }

        protected override bool TryDequeue(Task task)
        {
            lock (gate)
            {
                if (!entries.Remove(task, out var entry))
                {
                    return false;
                }

                queue.Remove(entry);
                return true;
            }
        }

        /// <summary>Any thread may run a task inline: the caller of a loop runs its first share, and a thread waiting for a
        /// queued task takes it out of the queue and runs it instead of blocking (one a thread already took is left to it).</summary>
        protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
            (!taskWasPreviouslyQueued || TryDequeue(task)) && TryExecuteTask(task);

        protected override IEnumerable<Task> GetScheduledTasks()
        {
            lock (gate)
            {
                return [.. queue];
            }
        }

        private void Work()
        {
            ownThread = true;
            while (true)
            {
                RunNext();
            }
        }

        /// <summary>Waits for a queued task and runs it, in a frame of its own: while the thread waits for the next, nothing
        /// of the last one stays reachable from it.</summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private void RunNext()
        {
            Task task;
            lock (gate)
            {
                while (queue.First is null)
                {
                    Monitor.Wait(gate);
                }

                task = queue.First.Value;
                queue.RemoveFirst();
                entries.Remove(task);
            }

            TryExecuteTask(task);
        }
    }
}
