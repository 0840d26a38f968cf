namespace LabelBridge.Host.Doctor;

internal enum DoctorOutcome
{
    Ok,
    Warning,
    Failed,
}
