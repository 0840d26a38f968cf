using System.Globalization;
using System.Net;
using LabelBridge.Core.Vocabulary;
using LabelBridge.LabelStudio.Api;
using LabelBridge.LabelStudio.Connection;
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
        var labels = config.Controls
            .SelectMany(c => c.Values.Select(v => new ProjectLabel(v, null, c.Name)))
            .ToList();
        var items = new List<Item>();
        var annotations = new List<Annotation>();
        var problems = new List<ReadProblem>(config.Problems);
        if (config.Image is not null)
        {
            var guard = new PageGuard<LsTask>($"tasks of project {projectId}", maxPages, SameTask.Instance);
            await foreach (var task in ListTasksAsync(projectId, guard, cancellationToken))
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

        return new ProjectSnapshot(PlatformKind.LabelStudio, remoteProjectId, project.Title ?? subject, labels, items, annotations, problems);
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
    /// that keeps serving pages (a total of 10^9, its last page again).</summary>
    private async IAsyncEnumerable<LsTask> ListTasksAsync(
        long projectId, PageGuard<LsTask> guard, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var seen = 0;
        for (var page = 1; ; page++)
        {
            var current = page;
            using var response = await client.SendAsync(
                "api/tasks/",
                (api, ct) => api.ListTasksAsync(projectId, current, pageSize, "all", ct),
                cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                yield break;
            }

            if (!response.IsSuccessStatusCode || response.Content is null)
            {
                throw client.Unavailable($"api/tasks/ page {page} answered {LabelStudioClient.StatusOf(response)}{LabelStudioClient.DetailOf(response)}.");
            }

            var tasks = response.Content.Tasks ?? [];
            seen += tasks.Count;
            var verdict = guard.Check(page, tasks, hasMore: tasks.Count > 0 && seen < response.Content.Total, promisedTotal: response.Content.Total);
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

    /// <summary>Tasks are the same when their ids are: a page served twice has the same ids in the same order.</summary>
    private sealed class SameTask : IEqualityComparer<LsTask>
    {
        public static readonly SameTask Instance = new();

        public bool Equals(LsTask? x, LsTask? y) => x?.Id == y?.Id;

        public int GetHashCode(LsTask obj) => obj.Id.GetHashCode();
    }
}
