using System.Globalization;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Cvat.Api;
using LabelBridge.Cvat.Connection;
using Microsoft.Extensions.Logging;

namespace LabelBridge.Cvat.Reading;

/// <summary>Reads a CVAT project into a snapshot: labels, then every task, every annotation job of each task, and
/// each job's data meta and annotations. Metadata only; images are fetched later, one frame at a time.</summary>
internal sealed class ProjectReader(CvatConnection connection, ILogger logger)
{
    public async Task<ProjectSnapshot> ReadAsync(string remoteProjectId, CancellationToken cancellationToken)
    {
        if (!long.TryParse(remoteProjectId, NumberStyles.None, CultureInfo.InvariantCulture, out var projectId))
        {
            throw connection.Unavailable($"RemoteProjectId '{remoteProjectId}' is not a CVAT project id: use the number in the project's URL");
        }

        var project = await connection.GetAsync((api, token) => api.GetProjectAsync(projectId, token), $"project {projectId}", cancellationToken);
        var labels = await connection.GetAllPagesAsync(
            (api, page, size, token) => api.ListLabelsAsync(projectId, page, size, token), $"labels of project {projectId}", cancellationToken);
        var tasks = await connection.GetAllPagesAsync(
            (api, page, size, token) => api.ListTasksAsync(projectId, page, size, token), $"tasks of project {projectId}", cancellationToken);

        var parts = new SnapshotParts();
        var labelNames = LabelNames.Read(labels, parts);
        NoteCutList(parts, CvatKeys.Project(projectId), labels.Problem);
        NoteCutList(parts, CvatKeys.Project(projectId), tasks.Problem);
        var mapper = new JobMapper(ServerIdentity.Of(connection.Platform.Url!), labelNames, parts);
        var jobCount = 0;
        foreach (var task in tasks.OrderBy(t => t.Id))
        {
            var jobs = await connection.GetAllPagesAsync(
                (api, page, size, token) => api.ListJobsAsync(task.Id, page, size, token), $"jobs of task {task.Id}", cancellationToken);
            NoteCutList(parts, CvatKeys.Project(projectId), jobs.Problem);
            var annotationJobs = new List<CvatJob>();
            foreach (var job in jobs.Where(j => j.Type is null or "annotation").OrderBy(j => j.StartFrame))
            {
                if (job.StopFrame < job.StartFrame)
                {
                    parts.Problem(CvatKeys.Job(job.Id), string.Create(
                        CultureInfo.InvariantCulture,
                        $"job {job.Id} of task {task.Id} stops at frame {job.StopFrame}, before its start frame {job.StartFrame}; the job was skipped"));
                    continue;
                }

                annotationJobs.Add(job);
            }

            jobCount += annotationJobs.Count;
            var contents = await Task.WhenAll(annotationJobs.Select(job => ReadJobAsync(job, cancellationToken)));
            foreach (var content in contents)
            {
                if (content.Problem is not null)
                {
                    parts.Problem(CvatKeys.Job(content.Job.Id), content.Problem);
                    continue;
                }

                var frames = new JobFrames(content.Job, content.Meta!, task.Size);
                if (frames.Cut is { } cut)
                {
                    parts.Problem(CvatKeys.Job(content.Job.Id), cut);
                }

                mapper.Map(task.Id, content.Job, frames, content.Annotations!);
            }
        }

        foreach (var problem in parts.Problems)
        {
            Log.ReadProblem(logger, connection.Name, problem.Subject, problem.Reason);
        }

        Log.ProjectRead(logger, connection.Name, projectId, tasks.Count, jobCount, parts.Items.Count, parts.Annotations.Count, parts.Problems.Count);
        var projectLabels = labels
            .Where(l => l.ParentId is null && labelNames.TryGetValue(l.Id, out var name) && name != CvatKeys.NeedsReviewLabel)
            .DistinctBy(l => l.Id)
            .Select(l => new ProjectLabel(labelNames[l.Id], l.Id.ToString(CultureInfo.InvariantCulture)))
            .ToList();
        return new ProjectSnapshot(
            PlatformKind.Cvat, remoteProjectId, project.Name ?? remoteProjectId, projectLabels, parts.Items, parts.Annotations, parts.Problems)
        {
            Server = ServerIdentity.Of(connection.Platform.Url!),
        };
    }

    /// <summary>A list the page guard cut short is a named problem of the snapshot, never an endless read.</summary>
    private static void NoteCutList(SnapshotParts parts, string subject, string? problem)
    {
        if (problem is not null)
        {
            parts.Problem(subject, problem);
        }
    }

    /// <summary>One job's data meta and annotations. Jobs of a task are fetched concurrently (bounded by
    /// MaxConcurrentRequests) and mapped in order, so the snapshot is the same whatever order the answers arrive in.</summary>
    private async Task<JobContent> ReadJobAsync(CvatJob job, CancellationToken cancellationToken)
    {
        var (meta, metaProblem) = await connection.TryGetAsync(
            (api, token) => api.GetJobDataMetaAsync(job.Id, token), $"data meta of job {job.Id}", cancellationToken);
        if (meta is null)
        {
            return new JobContent(job, null, null, $"{metaProblem}; the job was skipped");
        }

        var (annotations, annotationProblem) = await connection.TryGetAsync(
            (api, token) => api.GetJobAnnotationsAsync(job.Id, token), $"annotations of job {job.Id}", cancellationToken);
        return annotations is null
            ? new JobContent(job, null, null, $"{annotationProblem}; the job was skipped")
            : new JobContent(job, meta, annotations, null);
    }

    private sealed record JobContent(CvatJob Job, CvatDataMeta? Meta, CvatAnnotations? Annotations, string? Problem);
}
