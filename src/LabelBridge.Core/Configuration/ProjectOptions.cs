using LabelBridge.Core.Platforms;

namespace LabelBridge.Core.Configuration;

/// <summary>One platform project LabelBridge watches.</summary>
public sealed class ProjectOptions
{
    /// <summary>Name used in the CLI, the API and reports, e.g. <c>retail-shelves</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>Name of the <see cref="PlatformOptions"/> it lives on.</summary>
    public string Platform { get; set; } = "";

    /// <summary>The project's id on the platform.</summary>
    public string RemoteProjectId { get; set; } = "";

    /// <summary>Quartz cron expression (seconds first), e.g. <c>0 0 2 * * ?</c> for 02:00 daily. Empty: manual and webhook sweeps only.</summary>
    public string? Schedule { get; set; }

    /// <summary>IANA time zone the schedule is read in. Default UTC.</summary>
    public string TimeZone { get; set; } = "UTC";

    public WriteBackMode WriteBack { get; set; } = WriteBackMode.Markers;

    /// <summary>The worst findings first, at most this many per sweep. Default 500.</summary>
    public int MaxFindingsPerSweep { get; set; } = 500;

    /// <summary>Optional review budget: at most this many findings per job (CVAT job, Label Studio task) in a sweep,
    /// worst first, so one noisy job cannot take the whole <see cref="MaxFindingsPerSweep"/>. Null: no cap.</summary>
    public int? MaxFindingsPerJob { get; set; }

    /// <summary>Optional review budget: at most this many findings per annotator in a sweep, worst first. Null: no cap.</summary>
    public int? MaxFindingsPerAnnotator { get; set; }

    /// <summary>CVAT: also tag flagged frames <c>needs-review</c>.</summary>
    public bool NeedsReviewTag { get; set; }

    /// <summary>CVAT: allow LabelBridge to add the <c>needs-review</c> label to the project when it is missing.</summary>
    public bool AllowCreateTagLabel { get; set; }

    /// <summary>Lets a reviewer who confirms a finding on the triage page change the annotation's label on the platform
    /// (CVAT: the shape, track or tag; Label Studio: a new annotation version). Off by default; a sweep never relabels.</summary>
    public bool AllowReviewerRelabel { get; set; }

    /// <summary>Overrides <see cref="EmbeddingOptions.Embedder"/> for this project.</summary>
    public string? Embedder { get; set; }

    /// <summary>Longest one run of a sweep may take; a sweep still running then pauses (resumable from its last completed
    /// stage on the next run) instead of holding the project's sweep slot. Default 6 hours.</summary>
    public TimeSpan SweepDeadline { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Overrides <see cref="ScaleOptions.ShardSize"/> for this project.</summary>
    public int? ShardSize { get; set; }

    public AnalysisThresholds Thresholds { get; set; } = new();
}
