package main

// Tests of the cluster workflow with real processes, the way Slurm and
// Kubernetes run it: the gnssim binary is built once, the shipped job files
// (examples/cluster) are executed with the scheduler's index variable set,
// several tasks at a time, completing in any order, one of them retried,
// then merged and compared byte for byte with a single run.

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

const clusterDir = "examples/cluster"

// clusterCoarse are the coverage parameters of the tests: 6 rows of 30°
// cells, so that 10 of 16 shards are empty.
const clusterCoarse = "--start 2026-03-18T00:00:00Z --grid 30 --duration 2h --step 30m"

// buildGnssim builds the command into a temporary folder.
func buildGnssim(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the gnssim binary; skipped with -short")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go tool to build the binary: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "gnssim")
	cmd := exec.Command(goTool, "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// runProc runs a command and fails the test unless it exits 0.
func runProc(t *testing.T, dir string, env []string, name string, args ...string) {
	t.Helper()
	if err := procRun(dir, env, name, args...); err != nil {
		t.Fatal(err)
	}
}

func procRun(dir string, env []string, name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Stdout = io.Discard
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s %s (env %v): %v\n%s", name, strings.Join(args, " "), env, err, stderr.String())
	}
	return nil
}

// sameFiles fails the test unless the files have identical bytes.
func sameFiles(t *testing.T, a, b string) {
	t.Helper()
	da, errA := os.ReadFile(a)
	db, errB := os.ReadFile(b)
	if errA != nil || errB != nil {
		t.Fatalf("compare %s and %s: %v, %v", a, b, errA, errB)
	}
	if !bytes.Equal(da, db) {
		t.Errorf("%s and %s differ:\n%s", a, b, firstDiff(string(da), string(db)))
	}
}

// retryWhileReading reruns a task (run) while another goroutine reads its
// output file in a loop: every read must succeed with the original bytes
// (the old file stays whole until the new one replaces it by rename), and
// the file must come out identical.
func retryWhileReading(t *testing.T, path string, run func() error) {
	t.Helper()
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var reads, bad atomic.Int64
	var badMsg atomic.Value
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			data, err := os.ReadFile(path)
			reads.Add(1)
			if err != nil || !bytes.Equal(data, orig) {
				bad.Add(1)
				badMsg.Store(fmt.Sprintf("read %d bytes, err %v", len(data), err))
			}
		}
	}()
	err = run()
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatalf("retry: %v", err)
	}
	if bad.Load() > 0 {
		t.Errorf("while the task was retried, %d of %d reads of %s saw a missing or different file (%v)", bad.Load(), reads.Load(), path, badMsg.Load())
	}
	if data, err := os.ReadFile(path); err != nil || !bytes.Equal(data, orig) {
		t.Errorf("the retried task wrote a different %s (%v)", path, err)
	}
	if ents, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*tmp*")); len(ents) > 0 {
		t.Errorf("temporary files left behind: %v", ents)
	}
}

func TestClusterWorkflow(t *testing.T) {
	bin := buildGnssim(t)
	examples, err := filepath.Abs(clusterDir)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("slurm", func(t *testing.T) { testSlurm(t, bin, examples) })
	t.Run("kubernetes", func(t *testing.T) { testKubernetes(t, bin, examples) })
	t.Run("interrupt", func(t *testing.T) { testInterrupt(t, bin) })
	t.Run("help-examples", func(t *testing.T) { testHelpExamples(t, bin) })
}

// testSlurm runs coverage.sbatch as the 16 tasks of the job array, then
// merge.sbatch, as Slurm would (the #SBATCH lines are comments to bash).
func testSlurm(t *testing.T, bin, examples string) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	script := filepath.Join(examples, "coverage.sbatch")
	data, err := os.ReadFile(script)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"#SBATCH --array=0-15", `--shard "${SLURM_ARRAY_TASK_ID}/16"`, `-o "shards/shard-${SLURM_ARRAY_TASK_ID}.json"`} {
		if !bytes.Contains(data, []byte(want)) {
			t.Fatalf("coverage.sbatch lacks %q", want)
		}
	}
	if sub, err := os.ReadFile(filepath.Join(examples, "submit-slurm.sh")); err != nil || !bytes.Contains(sub, []byte("--dependency=afterok:")) {
		t.Fatalf("submit-slurm.sh does not chain the merge with --dependency=afterok (%v)", err)
	}
	work := t.TempDir()
	env := []string{"GNSSIM=" + bin, "COVERAGE_ARGS=" + clusterCoarse}
	task := func(i int) error {
		return procRun(work, append(env, "SLURM_ARRAY_TASK_ID="+strconv.Itoa(i)), bash, script)
	}
	// All 16 tasks at once, started in a scrambled order with random delays
	// so that they complete in an arbitrary order.
	order := rand.Perm(16)
	errs := make([]error, 16)
	var done []int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, i := range order {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(time.Duration(rand.IntN(30)) * time.Millisecond)
			errs[i] = task(i)
			mu.Lock()
			done = append(done, i)
			mu.Unlock()
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	t.Logf("tasks started in order %v, completed in order %v", order, done)
	// A task that is not given its index fails cleanly.
	if err := procRun(work, append(env, "SLURM_ARRAY_TASK_ID="), bash, script); err == nil {
		t.Error("a task with an empty SLURM_ARRAY_TASK_ID succeeded")
	}
	// Task 3 (non-empty) and task 12 (empty) fail and are retried, on a
	// node with one core: the shard must come out identical.
	for _, i := range []int{3, 12} {
		retryWhileReading(t, filepath.Join(work, "shards", "shard-"+strconv.Itoa(i)+".json"), func() error {
			return procRun(work, append(env, "SLURM_ARRAY_TASK_ID="+strconv.Itoa(i), "GOMAXPROCS=1"), bash, script)
		})
	}
	runProc(t, work, env, bash, filepath.Join(examples, "merge.sbatch"))

	args := strings.Fields(clusterCoarse)
	runProc(t, work, nil, bin, append([]string{"coverage", "-o", "single.csv", "--plot", "single.png"}, args...)...)
	runProc(t, work, nil, bin, append([]string{"coverage", "--format", "json", "-o", "single.json"}, args...)...)
	sameFiles(t, filepath.Join(work, "single.csv"), filepath.Join(work, "coverage.csv"))
	sameFiles(t, filepath.Join(work, "single.png"), filepath.Join(work, "coverage.png"))
	sameFiles(t, filepath.Join(work, "single.json"), filepath.Join(work, "coverage.json"))
}

// k8sJob is the part of a Kubernetes Job manifest the test checks.
type k8sJob struct {
	Kind     string `yaml:"kind"`
	Metadata struct {
		Name string `yaml:"name"`
	} `yaml:"metadata"`
	Spec struct {
		CompletionMode string `yaml:"completionMode"`
		Completions    int    `yaml:"completions"`
		Parallelism    int    `yaml:"parallelism"`
		Template       struct {
			Spec struct {
				RestartPolicy string `yaml:"restartPolicy"`
				Containers    []struct {
					Name    string   `yaml:"name"`
					Command []string `yaml:"command"`
					Args    []string `yaml:"args"`
					Env     []struct {
						Name  string `yaml:"name"`
						Value string `yaml:"value"`
					} `yaml:"env"`
					VolumeMounts []struct {
						Name      string `yaml:"name"`
						MountPath string `yaml:"mountPath"`
					} `yaml:"volumeMounts"`
				} `yaml:"containers"`
				Volumes []struct {
					Name                  string `yaml:"name"`
					PersistentVolumeClaim struct {
						ClaimName string `yaml:"claimName"`
					} `yaml:"persistentVolumeClaim"`
				} `yaml:"volumes"`
			} `yaml:"spec"`
		} `yaml:"template"`
	} `yaml:"spec"`
}

// readK8sJob returns the Job of a manifest file (other kinds are skipped).
func readK8sJob(t *testing.T, path string) *k8sJob {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := yaml.NewDecoder(f)
	var job *k8sJob
	for {
		var j k8sJob
		err := dec.Decode(&j)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if j.Kind == "Job" {
			if job != nil {
				t.Fatalf("%s: more than one Job", path)
			}
			job = &j
		}
	}
	if job == nil || len(job.Spec.Template.Spec.Containers) != 1 {
		t.Fatalf("%s: want one Job with one container", path)
	}
	c := job.Spec.Template.Spec.Containers[0]
	if len(c.Command) != 0 {
		t.Fatalf("%s: the container overrides the image entrypoint (gnssim) with %v", path, c.Command)
	}
	if len(c.VolumeMounts) != 1 || c.VolumeMounts[0].MountPath != "/shards" {
		t.Fatalf("%s: want the shared volume mounted at /shards, got %+v", path, c.VolumeMounts)
	}
	return job
}

var k8sVarRef = regexp.MustCompile(`\$\(([A-Za-z_][A-Za-z0-9_]*)\)`)

// k8sArgs expands $(VAR) in args as Kubernetes does for a container (from
// its env and the Job's JOB_COMPLETION_INDEX), maps /shards to dir and
// replaces the values of the flags in override (to keep the test small).
func k8sArgs(t *testing.T, job *k8sJob, index int, dir string, override map[string]string) []string {
	t.Helper()
	c := job.Spec.Template.Spec.Containers[0]
	vars := map[string]string{}
	for _, e := range c.Env {
		vars[e.Name] = e.Value
	}
	if index >= 0 {
		vars["JOB_COMPLETION_INDEX"] = strconv.Itoa(index)
	}
	var out []string
	for i := 0; i < len(c.Args); i++ {
		a := k8sVarRef.ReplaceAllStringFunc(c.Args[i], func(ref string) string {
			name := k8sVarRef.FindStringSubmatch(ref)[1]
			v, ok := vars[name]
			if !ok {
				t.Fatalf("argument %q refers to $(%s), which the pod does not define", c.Args[i], name)
			}
			return v
		})
		if strings.HasPrefix(a, "/shards/") {
			a = filepath.Join(dir, strings.TrimPrefix(a, "/shards/"))
		}
		out = append(out, a)
		if v, ok := override[a]; ok && i+1 < len(c.Args) {
			out = append(out, v)
			i++
		}
	}
	return out
}

// testKubernetes runs the Indexed Job's pods as the Job controller would
// (parallelism at a time, JOB_COMPLETION_INDEX set), retries one, then the
// merge Job, and compares with a single run.
func testKubernetes(t *testing.T, bin, examples string) {
	job := readK8sJob(t, filepath.Join(examples, "coverage-job.yaml"))
	s := job.Spec
	if s.CompletionMode != "Indexed" || s.Completions != 16 || s.Parallelism != 4 || s.Template.Spec.RestartPolicy == "" {
		t.Fatalf("coverage Job: completionMode %q, completions %d, parallelism %d, restartPolicy %q; want Indexed, 16, 4",
			s.CompletionMode, s.Completions, s.Parallelism, s.Template.Spec.RestartPolicy)
	}
	args := strings.Join(s.Template.Spec.Containers[0].Args, " ")
	for _, want := range []string{"coverage ", "--shard $(JOB_COMPLETION_INDEX)/16", "-o /shards/shard-$(JOB_COMPLETION_INDEX).json"} {
		if !strings.Contains(args, want) {
			t.Fatalf("coverage Job args %q lack %q", args, want)
		}
	}
	merge := readK8sJob(t, filepath.Join(examples, "merge-job.yaml"))
	if vs, ms := s.Template.Spec.Volumes, merge.Spec.Template.Spec.Volumes; len(vs) != 1 || len(ms) != 1 || vs[0].PersistentVolumeClaim.ClaimName == "" || vs[0].PersistentVolumeClaim.ClaimName != ms[0].PersistentVolumeClaim.ClaimName {
		t.Fatalf("the coverage and merge Jobs do not share one volume claim: %+v, %+v", vs, ms)
	}

	shards := t.TempDir()
	coarse := map[string]string{"--grid": "30", "--duration": "2h", "--step": "30m"}
	podArgs := make([][]string, s.Completions)
	for i := range podArgs {
		podArgs[i] = k8sArgs(t, job, i, shards, coarse)
	}
	indexes := make(chan int)
	errs := make([]error, s.Completions)
	var wg sync.WaitGroup
	for w := 0; w < s.Parallelism; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range indexes {
				errs[i] = procRun(shards, nil, bin, podArgs[i]...)
			}
		}()
	}
	for _, i := range rand.Perm(s.Completions) {
		indexes <- i
	}
	close(indexes)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	retryWhileReading(t, filepath.Join(shards, "shard-0.json"), func() error {
		return procRun(shards, nil, bin, podArgs[0]...)
	})
	// The merge pod: no shell, merge expands /shards/shard-*.json itself.
	runProc(t, shards, nil, bin, k8sArgs(t, merge, -1, shards, nil)...)

	// A single run with the pods' arguments without --shard and -o.
	single := t.TempDir()
	singleArgs := podArgs[0]
	var plain []string
	for i := 0; i < len(singleArgs); i++ {
		if singleArgs[i] == "--shard" || singleArgs[i] == "-o" {
			i++
			continue
		}
		plain = append(plain, singleArgs[i])
	}
	runProc(t, single, nil, bin, append(plain, "-o", filepath.Join(single, "coverage.csv"), "--plot", filepath.Join(single, "coverage.png"))...)
	sameFiles(t, filepath.Join(single, "coverage.csv"), filepath.Join(shards, "coverage.csv"))
	sameFiles(t, filepath.Join(single, "coverage.png"), filepath.Join(shards, "coverage.png"))
}

// testInterrupt sends SIGINT to a running coverage process: it must exit
// with 130 and leave nothing under the -o name (nor a temporary file).
func testInterrupt(t *testing.T, bin string) {
	tles, _ := filepath.Glob("../../testdata/tle/2022-02-04/*.tle")
	if len(tles) == 0 {
		t.Fatal("no 2022 element sets")
	}
	dir := t.TempDir()
	for _, shard := range []bool{true, false} {
		out := filepath.Join(dir, "out.csv")
		// Element sets two years from the period: the staleness warning on
		// stderr tells that gnssim is running (its signal handler is
		// installed) before the long computation (a 1° grid over 2 days at
		// 60 s: about 2·10⁸ cell-epochs, many seconds).
		args := []string{"coverage", "--start", "2024-01-01T00:00:00Z", "--duration", "2d", "--step", "60s", "--grid", "1", "--force", "-o", out}
		if shard {
			out = filepath.Join(dir, "out.json")
			args = append(args[:len(args)-2], "--shard", "0/1", "-o", out)
		}
		for _, f := range tles {
			args = append(args, "--tle", f)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		cmd := exec.CommandContext(ctx, bin, args...)
		stderr, err := cmd.StderrPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(stderr)
		var lines []string
		started := false
		for sc.Scan() {
			lines = append(lines, sc.Text())
			if strings.HasPrefix(sc.Text(), "warning: ") {
				started = true
				break
			}
		}
		if !started {
			cmd.Wait()
			cancel()
			t.Fatalf("no warning from gnssim before it ended: %q", lines)
		}
		time.Sleep(300 * time.Millisecond) // into the propagation or the coverage loop
		if err := cmd.Process.Signal(os.Interrupt); err != nil {
			t.Fatal(err)
		}
		rest, _ := io.ReadAll(stderr)
		err = cmd.Wait()
		cancel()
		if code := cmd.ProcessState.ExitCode(); code != exitInterrupted {
			t.Fatalf("after SIGINT: exit code %d (%v), want 130; stderr:\n%s%s", code, err, strings.Join(lines, "\n"), rest)
		}
		if !strings.Contains(string(rest), "interrupted") {
			t.Errorf("stderr after SIGINT does not say it was interrupted: %q", rest)
		}
		if ents, _ := os.ReadDir(dir); len(ents) != 0 {
			t.Errorf("files left after SIGINT: %v", ents)
		}
	}
}

// testHelpExamples runs the --help examples of coverage and merge: the
// shards of the coverage example merged by the merge example reproduce the
// coverage example's own coverage.csv and coverage.png.
func testHelpExamples(t *testing.T, bin string) {
	dir := t.TempDir()
	lines := strings.Split(covExample, "\n")
	if len(lines) != 3 {
		t.Fatalf("coverage example has %d lines", len(lines))
	}
	run := func(line string) {
		f := strings.Fields(line)
		if f[0] != "gnssim" {
			t.Fatalf("example %q does not start with gnssim", line)
		}
		runProc(t, dir, nil, bin, f[1:]...)
	}
	run(lines[0])
	for _, name := range []string{"coverage.csv", "coverage.png"} {
		if err := os.Rename(filepath.Join(dir, name), filepath.Join(dir, "single-"+name)); err != nil {
			t.Fatal(err)
		}
	}
	run(lines[1])
	run(lines[2])
	run(mergeExample)
	sameFiles(t, filepath.Join(dir, "single-coverage.csv"), filepath.Join(dir, "coverage.csv"))
	sameFiles(t, filepath.Join(dir, "single-coverage.png"), filepath.Join(dir, "coverage.png"))
}
