using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace MorningRoutine.Confused
{
    /// <summary>Preparing breakfast: cooks hired to compute, standing at the shelf waiting for recipe cards.</summary>
    public static class CVP002RecipeShelf
    {
        private static Task<int> BoilKettleAsync(int cup) => Task.FromResult(cup * 100);

        /// <summary>Reading every recipe file inside Parallel.ForEach: each worker thread waits on the disk.</summary>
        public static void ReadRecipes(List<string> recipeFiles)
        {
            Parallel.ForEach(recipeFiles, file =>
            {
                var recipe = File.ReadAllText(file); // expect: CVP002
                Console.WriteLine(recipe.Length);
            });
        }

        /// <summary>Waiting for the kettle inside Parallel.For: a thread hired to watch water boil.</summary>
        public static void PourTea(int cups)
        {
            Parallel.For(0, cups, cup =>
            {
                Thread.Sleep(50); // expect: CVP002
                var temperature = BoilKettleAsync(cup).Result; // expect: CVP002
                Console.WriteLine(temperature);
            });
        }

        /// <summary>Loading shopping lists with PLINQ: the query's threads only wait on files.</summary>
        public static string[] LoadShoppingLists(string[] lists)
        {
            return lists.AsParallel().Select(list => File.ReadAllText(list)).ToArray(); // expect: CVP002
        }
    }
}
