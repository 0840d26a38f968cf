namespace LabelBridge.Host.Doctor;

/// <summary>One line of <c>doctor</c>'s table.</summary>
/// <param name="Area">config, store, model, platform, project.</param>
/// <param name="Subject">The key, file or platform name it is about.</param>
/// <param name="Outcome">Ok, warning, or failed.</param>
/// <param name="Detail">What was found and, when something is wrong, how to fix it.</param>
internal sealed record DoctorCheck(string Area, string Subject, DoctorOutcome Outcome, string Detail);
