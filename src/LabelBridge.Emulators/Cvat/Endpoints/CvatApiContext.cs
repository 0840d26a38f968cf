using System.Globalization;
using LabelBridge.Emulators.Cvat.Model;
using LabelBridge.Emulators.Cvat.Webhooks;
using LabelBridge.Emulators.Faults;
using Microsoft.AspNetCore.Http.Extensions;

namespace LabelBridge.Emulators.Cvat.Endpoints;

/// <summary>What every endpoint needs: the model, organization scoping and CVAT's pagination.</summary>
internal sealed class CvatApiContext(CvatModel model, CvatEmulatorOptions options, EmulatorFaults faults, CvatWebhookDispatcher webhooks)
{
    /// <summary>Where authentication leaves the request's user (1: the admin, 2: the reviewer).</summary>
    public const string UserItem = "cvat.user";

    public CvatModel Model { get; } = model;

    public CvatEmulatorOptions Options { get; } = options;

    public string Now() => Options.TimeProvider.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture);

    /// <summary>CVAT scopes every request to the organization in <c>X-Organization</c> (or <c>org</c>); none means the personal workspace.</summary>
    public static bool Visible(HttpContext context, EmulatedProject project)
    {
        var organization = context.Request.Headers.TryGetValue("X-Organization", out var header)
            ? header.ToString()
            : context.Request.Query["org"].ToString();
        return string.Equals(string.IsNullOrEmpty(organization) ? null : organization, project.Organization, StringComparison.Ordinal);
    }

    public EmulatedJob? VisibleJob(HttpContext context, long id)
    {
        var job = Model.FindJob(id);
        return job is not null && Visible(context, Model.ProjectOf(Model.TaskOf(job))) ? job : null;
    }

    /// <summary>Like <see cref="Page{T}(HttpContext, IReadOnlyList{T}, Func{T, object})"/>, honouring <c>sort=id</c> and
    /// <c>sort=-id</c> (cvat/apps/engine/filters.py OrderingFilter reads <c>sort</c>); without it the list keeps the view's
    /// default order, newest first for tasks and jobs (<c>ordering = "-id"</c>), so a task created during a read shifts
    /// every later page.</summary>
    public IResult Page<T>(HttpContext context, IReadOnlyList<T> all, Func<T, object> render, Func<T, long> id)
    {
        var sort = context.Request.Query["sort"].ToString();
        IReadOnlyList<T> ordered = sort switch
        {
            "id" => [.. all.OrderBy(id)],
            "-id" => [.. all.OrderByDescending(id)],
            _ => all,
        };
        return Page(context, ordered, render);
    }

    /// <summary>Django REST framework page-number pagination: <c>{count, next, previous, results}</c>, 404 "Invalid page."</summary>
    public IResult Page<T>(HttpContext context, IReadOnlyList<T> all, Func<T, object> render)
    {
        var query = context.Request.Query;
        var pageSize = int.TryParse(query["page_size"], CultureInfo.InvariantCulture, out var size) && size > 0 ? Math.Min(size, 1000) : Options.DefaultPageSize;
        var page = 1;
        if (query.ContainsKey("page") && (!int.TryParse(query["page"], CultureInfo.InvariantCulture, out page) || page < 1))
        {
            return CvatJson.Error(StatusCodes.Status404NotFound, "Invalid page.");
        }

        var pages = Math.Max(1, (all.Count + pageSize - 1) / pageSize);
        if (page > pages && !faults.EndlessPages)
        {
            return CvatJson.Error(StatusCodes.Status404NotFound, "Invalid page.");
        }

        // The endless-pages fault: a `next` on every page, and the last page served again past the end.
        var served = Math.Min(page, pages);
        var results = all.Skip((served - 1) * pageSize).Take(pageSize).Select(render).ToList();
        return CvatJson.Ok(new
        {
            Count = all.Count,
            Next = page < pages || faults.EndlessPages ? PageUrl(context, page + 1) : null,
            Previous = page > 1 ? PageUrl(context, page - 1) : null,
            Results = results,
        });
    }

    /// <summary>Queues a webhook event caused by this request; the sender is the request's user.</summary>
    public void Raise(HttpContext context, string eventKey, long projectId, object resource) =>
        webhooks.Raise(eventKey, projectId, resource, Sender(context));

    /// <summary>BasicUserSerializer of the request's user, as cvat/apps/webhooks/utils.py get_sender returns it.</summary>
    private object Sender(HttpContext context)
    {
        var reviewer = context.Items[UserItem] is 2L;
        var id = reviewer ? 2L : 1L;
        return new
        {
            Url = Url(context, $"/api/users/{id}"),
            Id = id,
            Username = reviewer ? Options.ReviewerUsername : Options.Username,
            FirstName = reviewer ? "Reviewer" : "Admin",
            LastName = "First",
        };
    }

    public static long? QueryLong(HttpContext context, string name) =>
        long.TryParse(context.Request.Query[name], CultureInfo.InvariantCulture, out var value) ? value : null;

    public static string Url(HttpContext context, string path) => $"{context.Request.Scheme}://{context.Request.Host}{path}";

    private static string PageUrl(HttpContext context, int page)
    {
        var builder = new QueryBuilder(context.Request.Query
            .Where(q => q.Key != "page")
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? ""))))
        {
            { "page", page.ToString(CultureInfo.InvariantCulture) },
        };
        return $"{context.Request.Scheme}://{context.Request.Host}{context.Request.Path}{builder.ToQueryString()}";
    }
}
