using System.Globalization;
using System.Net;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Vocabulary;
using LabelBridge.LabelStudio.Api;
using LabelBridge.LabelStudio.Connection;
using LabelBridge.Platforms.Bodies;
using LabelBridge.Platforms.Paging;
using Microsoft.Extensions.Logging;

namespace LabelBridge.LabelStudio.Reading;

/// <summary>Reads a whole project: its label config and every task with its annotations, paging to the end.</summary>
internal sealed class ProjectReader(LabelStudioClient client, int pageSize, int maxPages, ILogger logger)
{
    public async Task<ProjectSnapshot> ReadAsync(string remoteProjectId, CancellationToken cancellationToken)
    {
        var projectId = ParseProjectId(client, remoteProjectId);
        var project = await GetProjectAsync(projectId, cancellationToken);
        var subject = $"ls:project/{projectId}";
        var config = LabelConfigParser.Parse(subject, project.LabelConfig);
        var problems = new List<ReadProblem>(config.Problems);
        var labels = config.Controls
            .SelectMany(c => c.Values.Select(v => new ProjectLabel(NameBounds.Cut(v, subject, $"a label of control '{c.Name}' in the label config", problems), null, c.Name)))
            .ToList();
        var items = new List<Item>();
        var annotations = new List<Annotation>();
        if (config.Image is not null)
        {
            var guard = new PageGuard<LsTask>($"tasks of project {projectId}", maxPages, SameTask.Instance);
            await foreach (var task in ListTasksAsync(projectId, guard, problems, cancellationToken))
            {
                var read = TaskReader.Read(task, config, client.BaseUrl);
                if (read.Item is not null)
                {
                    items.Add(read.Item);
                }

                annotations.AddRange(read.Annotations);
                problems.AddRange(read.Problems);
            }

            if (guard.Problem is { } cut)
            {
                Log.PagingStopped(logger, client.Platform, cut);
                problems.Add(new ReadProblem(subject, cut));
            }
        }

        return new ProjectSnapshot(PlatformKind.LabelStudio, remoteProjectId, project.Title ?? subject, labels, items, annotations, problems)
        {
            Server = ServerIdentity.Of(client.BaseUrl),
        };
    }

    public async Task<LsProject> GetProjectAsync(long projectId, CancellationToken cancellationToken)
    {
        using var response = await client.SendAsync($"api/projects/{projectId}/", (api, ct) => api.GetProjectAsync(projectId, ct), cancellationToken);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden)
        {
            throw client.Unavailable($"project {projectId} does not exist or the configured user cannot see it: check RemoteProjectId and the user's project membership.");
        }

        return response.IsSuccessStatusCode && response.Content is { } content
            ? content
            : throw client.Unavailable($"api/projects/{projectId}/ answered {LabelStudioClient.StatusOf(response)}{LabelStudioClient.DetailOf(response)}.");
    }

    public static long ParseProjectId(LabelStudioClient client, string remoteProjectId) =>
        long.TryParse(remoteProjectId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : throw client.Unavailable($"RemoteProjectId '{remoteProjectId}' is not a Label Studio project id (the number in /projects/<id>/).");

    /// <summary>Pages through the tasks until Label Studio's <c>total</c> is reached, or the page guard stops a server
    /// that keeps serving pages (a total of 10^9, its last page again). A page whose answer is refused (above
    /// MaxResponseBytes, stalled) is a named problem and skipped; the pages after it are still read.</summary>
    private async IAsyncEnumerable<LsTask> ListTasksAsync(
        long projectId,
        PageGuard<LsTask> guard,
        List<ReadProblem> problems,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var seen = 0;
        long? total = null;
        for (var page = 1; ; page++)
        {
            var (content, refused) = await ReadTasksPageAsync(projectId, page, cancellationToken);
            if (refused is not null)
            {
                problems.Add(new ReadProblem($"ls:project/{projectId}", string.Create(
                    CultureInfo.InvariantCulture, $"{refused}; the tasks of page {page} (PageSize {pageSize}) were skipped")));
                if (total is { } known && (long)page * pageSize < known && page < guard.MaxPages)
                {
                    continue;
                }

                yield break;
            }

            if (content is null)
            {
                yield break;
            }

            var tasks = content.Tasks ?? [];
            seen += tasks.Count;
            total = content.Total;
            var verdict = guard.Check(page, tasks, hasMore: tasks.Count > 0 && seen < content.Total, promisedTotal: content.Total);
            if (verdict != PageVerdict.DropAndStop)
            {
                foreach (var task in tasks)
                {
                    yield return task;
                }
            }

            if (verdict != PageVerdict.Continue)
            {
                yield break;
            }
        }
    }

    /// <summary>One page of tasks; null content when the project has no (more) pages, a reason when the answer was refused.</summary>
    private async Task<(LsTaskPage? Content, string? Refused)> ReadTasksPageAsync(long projectId, int page, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.SendAsync(
                "api/tasks/",
                (api, ct) => api.ListTasksAsync(projectId, page, pageSize, "all", ct),
                cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return (null, null);
            }

            return response.IsSuccessStatusCode && response.Content is { } content
                ? (content, null)
                : throw client.Unavailable($"api/tasks/ page {page} answered {LabelStudioClient.StatusOf(response)}{LabelStudioClient.DetailOf(response)}.");
        }
        catch (PlatformUnavailableException e) when (BodyReadException.Of(e.InnerException) is { } refused)
        {
            return (null, refused.Describe($"Label Studio's answer to api/tasks/ page {page}"));
        }
    }

    /// <summary>Tasks are the same when their ids are: a page served twice has the same ids in the same order.</summary>
    private sealed class SameTask : IEqualityComparer<LsTask>
    {
        public static readonly SameTask Instance = new();

        public bool Equals(LsTask? x, LsTask? y) => x?.Id == y?.Id;

        public int GetHashCode(LsTask obj) => obj.Id.GetHashCode();
    }
}
