global using System.Diagnostics;
global using Xunit;
