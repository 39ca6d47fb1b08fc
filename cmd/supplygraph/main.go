// Command supplygraph is the supply-chain graph explorer: a GraphQL service
// over Neo4j, and the tools to migrate its schema and load datasets.
//
//	supplygraph serve              serve GraphQL at /graphql, GraphiQL at /
//	supplygraph migrate            create constraints and indexes (idempotent)
//	supplygraph load [--dry-run] DIR   validate and load a CSV dataset
//
// Neo4j is reached through NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD and
// NEO4J_DATABASE; flags override them.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/supplygraph/supplygraph/internal/auth"
	"github.com/supplygraph/supplygraph/internal/domain"
	"github.com/supplygraph/supplygraph/internal/explorer"
	"github.com/supplygraph/supplygraph/internal/neo4jstore"
)

const usage = `usage: supplygraph <command> [flags]

commands:
  serve            serve GraphQL at /graphql, GraphiQL, /healthz, /readyz and /metrics
  migrate          create the schema's constraints and indexes (idempotent)
  refresh          have every serve read the data again whole (after writes made to
                   Neo4j without supplygraph)
  load DIR         validate and load a CSV dataset directory (--dry-run: validate only)
  cmrt FILE...     import CMRT and EMRT workbooks as declarations (--company ID: who declares them)
  rmap FILE        publish smelters' RMAP statuses from a CSV (rmi_id,rmap_status; --published DATE)
  minerals export OUT.xlsx
                   write the mineralsReport roll-up (--focal ID --metal M) as a CMRT or EMRT
  import ...       first load into an empty database with Neo4j's offline importer
                   (prepare DIR OUT, then the importer, then finish OUT; see make import)
  apikey ...       create, list, revoke and verify API keys
  gen OUT          write a synthetic dataset into OUT (--companies N --seed S [--buyers B])
  report           the due-diligence report of a period as CSV or a workbook
                   (--focal ID --code ID --from DATE --to DATE [--format xlsx] [--out FILE])

Every command takes the Neo4j flags (--neo4j-uri, ...; environment NEO4J_URI, ...).
Run 'supplygraph <command> -h' for a command's flags.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	// The CLI acts as the system (it talks to Neo4j directly: whoever runs
	// it can reach the database); serve's requests have their keys'
	// principals instead.
	sys := auth.With(ctx, auth.System)
	switch args[0] {
	case "serve":
		err = serve(ctx, args[1:], stdout, stderr)
	case "migrate":
		err = migrate(sys, args[1:], stdout, stderr)
	case "refresh":
		err = refresh(sys, args[1:], stdout, stderr)
	case "load":
		err = load(sys, args[1:], stdout, stderr)
	case "cmrt":
		err = loadCMRT(sys, args[1:], stdout, stderr)
	case "rmap":
		err = loadRMAP(sys, args[1:], stdout, stderr)
	case "minerals":
		err = minerals(sys, args[1:], stdout, stderr)
	case "import":
		err = importCmd(sys, args[1:], stdout, stderr)
	case "apikey":
		err = apikey(sys, args[1:], stdout, stderr)
	case "gen":
		err = gen(sys, args[1:], stdout, stderr)
	case "report":
		err = report(sys, args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "supplygraph: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	if err == nil {
		return 0
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(stderr, "supplygraph %s: %v\n", args[0], err)
		return 2
	}
	fmt.Fprintf(stderr, "supplygraph %s: %v\n", args[0], err)
	return 1
}

type usageError struct{ error }

// storeFlags are the Neo4j connection flags shared by every command.
type storeFlags struct {
	uri, user, password, database string
	timeout                       time.Duration
}

// envOf names, per flag set, the environment variable that sets each flag
// left off the command line. The environment is read after parsing instead
// of becoming the flags' defaults, so that -h never prints its values (a
// password) and a value is checked as the flag's own would be (a bool by
// strconv.ParseBool).
var envOf = map[*flag.FlagSet]map[string]string{}

// fromEnv says that the environment variable name sets flag f of fs.
func fromEnv(fs *flag.FlagSet, f, name string) {
	if envOf[fs] == nil {
		envOf[fs] = map[string]string{}
	}
	envOf[fs][f] = name
}

// parseFlags parses args into fs, then sets every flag the command line
// left off from its environment variable, if that is set.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	for f, name := range envOf[fs] {
		v, ok := os.LookupEnv(name)
		if !ok || given[f] {
			continue
		}
		if err := fs.Set(f, v); err != nil { // the value is not shown: it may be a secret
			return usageError{fmt.Errorf("environment variable %s is not a valid --%s", name, f)}
		}
	}
	return nil
}

func (f *storeFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.uri, "neo4j-uri", "bolt://127.0.0.1:7687", "Neo4j Bolt URI (env NEO4J_URI)")
	fs.StringVar(&f.user, "neo4j-user", "neo4j", "Neo4j user (env NEO4J_USER)")
	fs.StringVar(&f.password, "neo4j-password", "", "Neo4j password (env NEO4J_PASSWORD; never printed)")
	fs.StringVar(&f.database, "neo4j-database", "neo4j", "Neo4j database (env NEO4J_DATABASE)")
	fs.DurationVar(&f.timeout, "query-timeout", 30*time.Second, "transaction timeout of each query")
	fromEnv(fs, "neo4j-uri", "NEO4J_URI")
	fromEnv(fs, "neo4j-user", "NEO4J_USER")
	fromEnv(fs, "neo4j-password", "NEO4J_PASSWORD")
	fromEnv(fs, "neo4j-database", "NEO4J_DATABASE")
}

func (f *storeFlags) open(log *slog.Logger) (*neo4jstore.Store, error) {
	return neo4jstore.Open(neo4jstore.Config{URI: f.uri, User: f.user, Password: f.password,
		Database: f.database, QueryTimeout: f.timeout}, log)
}

// service opens the store and migrates it; close releases it.
func (f *storeFlags) service(ctx context.Context, stderr io.Writer) (svc *explorer.Service, close func(), err error) {
	store, err := f.open(slog.New(slog.NewJSONHandler(stderr, nil)))
	if err != nil {
		return nil, nil, err
	}
	close = func() { store.Close(context.WithoutCancel(ctx)) }
	if err := store.Migrate(ctx); err != nil {
		close()
		return nil, nil, describe(err)
	}
	return explorer.New(store), close, nil
}

func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("supplygraph "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parseArgs parses args into fs and wants n arguments after the flags: with
// another number, it prints the usage and returns a usage error saying want.
func parseArgs(fs *flag.FlagSet, args []string, n int, want string) error {
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != n {
		fs.Usage()
		return usageError{errors.New(want)}
	}
	return nil
}

func migrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("migrate", stderr)
	var sf storeFlags
	sf.register(fs)
	if err := parseArgs(fs, args, 0, "migrate takes no arguments"); err != nil {
		return err
	}
	store, err := sf.open(slog.New(slog.NewJSONHandler(stderr, nil)))
	if err != nil {
		return err
	}
	defer store.Close(context.WithoutCancel(ctx))
	if err := store.Migrate(ctx); err != nil {
		return describe(err)
	}
	fmt.Fprintf(stdout, "schema migrated to version %d\n", neo4jstore.SchemaVersion)
	return nil
}

// refresh records a change of a new epoch: every serve's analysis
// snapshot is read again whole (answering from Neo4j meanwhile).
func refresh(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("refresh", stderr)
	var sf storeFlags
	sf.register(fs)
	if err := parseArgs(fs, args, 0, "refresh takes no arguments"); err != nil {
		return err
	}
	store, err := sf.open(slog.New(slog.NewJSONHandler(stderr, nil)))
	if err != nil {
		return err
	}
	defer store.Close(context.WithoutCancel(ctx))
	if err := store.RecordRefresh(ctx); err != nil {
		return describe(err)
	}
	fmt.Fprintln(stdout, "recorded: every serve reads the data again")
	return nil
}

// describe turns a domain error into a message for the terminal, keeping
// the cause of UNAVAILABLE errors since the operator needs it.
func describe(err error) error {
	var de *domain.Error
	if errors.As(err, &de) && de.Cause != nil {
		return fmt.Errorf("%s (%s): %v", de.Message, de.Kind, de.Cause)
	}
	return err
}
