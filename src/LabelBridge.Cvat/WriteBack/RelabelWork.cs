using LabelBridge.Core.Vocabulary;
using LabelBridge.Cvat.Api;
using LabelBridge.Cvat.Connection;
using LabelBridge.Cvat.Reading;

namespace LabelBridge.Cvat.WriteBack;

/// <summary>Sends jobs back to annotators the way CVAT's own review loop does: stage <c>annotation</c>, state <c>rejected</c>.</summary>
internal sealed class RelabelWork(CvatConnection connection)
{
    public const string Stage = "annotation";
    public const string State = "rejected";

    /// <summary>The number of jobs moved now; jobs already sent back are left alone.</summary>
    public async Task<int> SendBackAsync(IEnumerable<long> jobIds, List<ReadProblem> problems, CancellationToken cancellationToken)
    {
        var moved = 0;
        foreach (var jobId in jobIds.Order())
        {
            var (job, problem) = await connection.TryGetAsync((api, token) => api.GetJobAsync(jobId, token), $"job {jobId}", cancellationToken);
            if (job is not null && job.Stage == Stage && job.State == State)
            {
                continue;
            }

            if (job is not null)
            {
                (job, problem) = await connection.TryGetAsync(
                    (api, token) => api.UpdateJobStageAsync(jobId, new CvatJobStagePatch(Stage, State), token), $"the stage of job {jobId}", cancellationToken);
            }

            if (job is null)
            {
                problems.Add(new ReadProblem(CvatKeys.Job(jobId), problem!));
                continue;
            }

            moved++;
        }

        return moved;
    }
}
