using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace MorningRoutine.Fixed
{
    /// <summary>CVP011 fixed: the kettle and the disk wait by themselves; no thread stands by.</summary>
    public static class CVP011FakeAsyncHelper
    {
        /// <summary>Preparing breakfast: a timer tells us when the tea is ready.</summary>
        public static Task SteepTeaAsync(CancellationToken cancellationToken) =>
            Task.Delay(3000, cancellationToken);

        /// <summary>Getting ready: the disk reads the agenda while no thread waits.</summary>
        public static Task<string> ReadAgendaAsync(string path) =>
            File.ReadAllTextAsync(path);

        /// <summary>Going to the office: the list is written asynchronously.</summary>
        public static async Task WriteShoppingListAsync(string path, string[] items)
        {
            await File.WriteAllLinesAsync(path, items);
        }
    }
}
