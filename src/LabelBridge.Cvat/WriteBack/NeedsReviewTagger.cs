using System.Globalization;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Cvat.Api;
using LabelBridge.Cvat.Connection;
using LabelBridge.Cvat.Reading;

namespace LabelBridge.Cvat.WriteBack;

/// <summary>Tags flagged frames <c>needs-review</c>, creating the tag label in the project only when the admin allowed it.</summary>
internal sealed class NeedsReviewTagger(CvatConnection connection)
{
    public async Task TagAsync(
        string remoteProjectId, IReadOnlyList<(long JobId, int Frame)> frames, bool allowCreateLabel, List<ReadProblem> problems, CancellationToken cancellationToken)
    {
        var projectId = long.Parse(remoteProjectId, CultureInfo.InvariantCulture);
        var labelId = await FindLabelAsync(projectId, cancellationToken);
        if (labelId is null && allowCreateLabel)
        {
            var (_, problem) = await connection.TryGetAsync(
                (api, token) => api.AddProjectLabelsAsync(projectId, new CvatProjectLabelsPatch([new CvatNewLabel(CvatKeys.NeedsReviewLabel, "tag")]), token),
                $"a new '{CvatKeys.NeedsReviewLabel}' label in project {projectId}",
                cancellationToken);
            if (problem is not null)
            {
                problems.Add(new ReadProblem(CvatKeys.Project(projectId), problem));
                return;
            }

            labelId = await FindLabelAsync(projectId, cancellationToken);
        }

        if (labelId is null)
        {
            problems.Add(new ReadProblem(
                CvatKeys.Project(projectId),
                $"project {projectId} has no '{CvatKeys.NeedsReviewLabel}' label, so no frame was tagged: add a tag label of that name in CVAT, or set AllowCreateTagLabel"));
            return;
        }

        foreach (var job in frames.GroupBy(f => f.JobId).OrderBy(g => g.Key))
        {
            var (annotations, readProblem) = await connection.TryGetAsync(
                (api, token) => api.GetJobAnnotationsAsync(job.Key, token), $"annotations of job {job.Key}", cancellationToken);
            if (annotations is null)
            {
                problems.Add(new ReadProblem(CvatKeys.Job(job.Key), readProblem!));
                continue;
            }

            var tagged = (annotations.Tags ?? []).Where(t => t.LabelId == labelId).Select(t => t.Frame).ToHashSet();
            var missing = job.Select(f => f.Frame).Where(f => !tagged.Contains(f)).Distinct().Order()
                .Select(f => new CvatNewTag(f, labelId.Value, "auto"))
                .ToList();
            if (missing.Count == 0)
            {
                continue;
            }

            var (_, tagProblem) = await connection.TryGetAsync(
                (api, token) => api.CreateJobTagsAsync(job.Key, new CvatTagsCreate(missing), token), $"new tags in job {job.Key}", cancellationToken);
            if (tagProblem is not null)
            {
                problems.Add(new ReadProblem(CvatKeys.Job(job.Key), tagProblem));
            }
        }
    }

    private async Task<long?> FindLabelAsync(long projectId, CancellationToken cancellationToken)
    {
        var labels = await connection.GetAllPagesAsync(
            (api, page, size, token) => api.ListLabelsAsync(projectId, page, size, token), $"labels of project {projectId}", cancellationToken);
        return labels.FirstOrDefault(l => l.Name == CvatKeys.NeedsReviewLabel && l.ParentId is null)?.Id;
    }
}
