#!/bin/sh
# Submit the coverage job array and the merge job that waits for it.
set -eu
jobid=$(sbatch --parsable coverage.sbatch)
jobid=${jobid%%;*} # --parsable prints "jobid[;cluster]"
echo "coverage array job $jobid"
sbatch --dependency=afterok:"$jobid" merge.sbatch
