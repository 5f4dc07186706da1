// Gencorpus writes a fictional corpus of interview transcripts for the
// benchmark: front matter, interviewer questions and participants'
// answers, mostly everyday talk with some statements that carry codes and
// some first names to redact. The same seed and size give the same files.
//
// Usage:
//
//	go run ./bench/gencorpus -out DIR -mb 20 [-seed 1]
//
// Every sentence is made up for the benchmark; none is a real participant's.
package main

import (
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	out := flag.String("out", "", "`folder` to write the transcripts to (created; must be empty or missing)")
	mb := flag.Float64("mb", 20, "total size in MB (10⁶ bytes)")
	seed := flag.Uint64("seed", 1, "random seed: the same seed and size give the same corpus")
	flag.Parse()
	if *out == "" || *mb <= 0 {
		fmt.Fprintln(os.Stderr, "usage: gencorpus -out DIR -mb SIZE [-seed N]")
		os.Exit(2)
	}
	files, size, err := generate(*out, int64(*mb*1e6), *seed)
	if err != nil {
		fmt.Fprintf(os.Stderr, "gencorpus: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("%d transcripts, %d bytes\n", files, size)
}

// generate writes transcripts to dir until they hold at least total bytes.
func generate(dir string, total int64, seed uint64) (int, int64, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, 0, err
	}
	if entries, err := os.ReadDir(dir); err != nil {
		return 0, 0, err
	} else if len(entries) > 0 {
		return 0, 0, errors.New("the output folder is not empty")
	}
	rng := rand.New(rand.NewPCG(seed, 0x64657369737421))
	var written int64
	n := 0
	for written < total {
		n++
		g := &gen{rng: rng}
		text := g.transcript(n, min(total-written, int64(20_000+rng.IntN(40_000))))
		// Sub-folders of 500 keep directories a reasonable size.
		sub := filepath.Join(dir, fmt.Sprintf("batch%03d", (n-1)/500))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			return n, written, err
		}
		name := filepath.Join(sub, fmt.Sprintf("%s.txt", g.id))
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			return n, written, err
		}
		written += int64(len(text))
	}
	return n, written, nil
}

type gen struct {
	rng  *rand.Rand
	id   string
	role string
}

func (g *gen) pick(xs []string) string { return xs[g.rng.IntN(len(xs))] }

// transcript returns one transcript of about size bytes.
func (g *gen) transcript(n int, size int64) string {
	var b strings.Builder
	r := g.rng.Float64()
	group := []string{"desister", "persister"}[g.rng.IntN(2)]
	label := "YP"
	switch {
	case r < 0.7:
		g.role, g.id = "child", fmt.Sprintf("YP%05d", n)
		if g.rng.IntN(3) == 0 {
			label = g.pick(firstNames)
		}
	case r < 0.85:
		g.role, g.id = "parent", fmt.Sprintf("PC%05d", n)
		label = g.pick([]string{"Mum", "Dad", "Parent", "Carer", "Nan"})
	default:
		g.role, g.id, group = "worker", fmt.Sprintf("CW%05d", n), ""
		label = g.pick([]string{"Worker", "CM", "Case Manager"})
	}
	fmt.Fprintf(&b, "---\nparticipant: %s\nrole: %s\ngroup: %s\nyot: %s\n", g.id, g.role, group, g.pick(yots))
	if g.role == "child" {
		fmt.Fprintf(&b, "age: %d\n", 13+g.rng.IntN(5))
	}
	b.WriteString("---\n")
	interviewer := g.pick([]string{"Interviewer", "I", "Int", "Q"})
	for int64(b.Len()) < size {
		fmt.Fprintf(&b, "%s: %s\n", interviewer, g.question())
		fmt.Fprintf(&b, "%s: ", label)
		k := 1 + g.rng.IntN(7)
		for i := range k {
			if i > 0 {
				if g.rng.IntN(6) == 0 {
					b.WriteString("\n") // a line that carries on the turn
				} else {
					b.WriteString(" ")
				}
			}
			b.WriteString(g.sentence())
		}
		b.WriteString("\n")
	}
	return b.String()
}

func (g *gen) question() string {
	return fill(g, g.pick(questions))
}

// sentence is one sentence of an answer: mostly everyday talk, about one
// in eight a statement written to carry a code.
func (g *gen) sentence() string {
	var pool []string
	switch g.role {
	case "worker":
		pool = workerCoded
	case "parent":
		pool = parentCoded
	default:
		pool = childCoded
	}
	if g.rng.IntN(8) == 0 {
		return fill(g, g.pick(pool))
	}
	return fill(g, g.pick(neutral))
}

// fill replaces the slots of a template: {name}, {place}, {thing}, {time},
// {day}, {filler}.
func fill(g *gen, t string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(t, '{')
		if i < 0 {
			b.WriteString(t)
			break
		}
		j := strings.IndexByte(t[i:], '}')
		if j < 0 {
			b.WriteString(t)
			break
		}
		b.WriteString(t[:i])
		switch t[i+1 : i+j] {
		case "name":
			b.WriteString(g.pick(firstNames))
		case "place":
			b.WriteString(g.pick(places))
		case "thing":
			b.WriteString(g.pick(things))
		case "time":
			b.WriteString(g.pick(times))
		case "day":
			b.WriteString(g.pick(days))
		case "filler":
			b.WriteString(g.pick(fillers))
		}
		t = t[i+j+1:]
	}
	s := b.String()
	return strings.ToUpper(s[:1]) + s[1:]
}

var yots = []string{
	"Ashcombe YOT", "Brackenfield YOS", "Carrow Vale YJS", "Dunmere YOT", "Eastwick YOS",
	"Fenholt YOT", "Greyford Youth Justice Service", "Harlow Moor YOT", "Ivelbury YOS",
	"Kettlesham YOT", "Longmarsh YJS", "Millbeck YOT",
}

var firstNames = []string{
	"Kieran", "Shannon", "Tyler", "Jade", "Connor", "Leah", "Reece", "Chantelle", "Brandon",
	"Demi", "Callum", "Kayleigh", "Liam", "Paige", "Jordan", "Courtney", "Harvey", "Ellie",
	"Mason", "Tia", "Declan", "Amber", "Nathan", "Sophie", "Ryan", "Caitlin", "Aaron", "Lacey",
}

var places = []string{
	"the park", "the chippy", "town", "my cousin's", "the gym", "the shop", "college",
	"the bus station", "the rec", "the youth club", "school", "the estate", "the flats",
	"the leisure centre", "the retail park", "the canal", "the kebab shop",
}

var things = []string{
	"my phone", "the bus", "football", "the Xbox", "my bike", "the dog", "my trainers",
	"the telly", "tea", "my tag", "the meeting", "my appointments", "the forms", "my room",
	"the car", "my brother's stuff", "a new coat", "my music", "the washing",
}

var times = []string{
	"last week", "on Friday", "in the summer", "after Christmas", "this morning",
	"a couple of months back", "when I was about twelve", "last year", "at the weekend",
	"every other day", "most nights", "before the court thing", "after school",
}

var days = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}

var fillers = []string{"like", "you know", "I dunno", "to be fair", "honestly", "basically", "sort of", "I mean"}

var questions = []string{
	"Can you tell me a bit about what a normal day looks like for you?",
	"How did you get on with your worker?",
	"What happened after that?",
	"And how did that make you feel?",
	"Who do you live with at the moment?",
	"What do you do in your spare time?",
	"Did anyone ask you what you wanted to get out of it?",
	"How often did you see them?",
	"What was the programme like?",
	"Is there anything that would have made a difference?",
	"How are things at home now?",
	"What about school or college?",
	"Tell me about the people you hang around with.",
	"What do you think helped the most?",
	"Was there anything that got in the way?",
	"Did you know what was in your plan?",
	"What was it like when your worker changed?",
	"Can you say a bit more about {time}?",
	"Where were you when that happened?",
	"Okay. Anything else you want to add about that?",
}

// neutral is everyday talk that carries no code.
var neutral = []string{
	"I went to {place} {time} with {name}.",
	"{filler}, it was just a normal day really.",
	"We just sat about at {place} for a bit.",
	"I had {thing} with me the whole time.",
	"It rained all day so we stayed in and watched films.",
	"{name} came round {time} and we played on the Xbox.",
	"My alarm went off at seven but I didn't get up till nine.",
	"The bus was late again so I walked.",
	"{filler}, I don't really remember that bit.",
	"We had chips for tea and then I went to bed.",
	"I think it was a {day}, or maybe the day after.",
	"There's not much to do round here.",
	"My phone was dead so I couldn't ring anyone.",
	"I was at {place} most of {time}.",
	"It's about twenty minutes on the bus from ours.",
	"{name} lives two doors down from us.",
	"I got a new pair of trainers {time}.",
	"We walked the dog round {place} and came back.",
	"That was ages ago now.",
	"I'm not sure, you'd have to ask {name}.",
	"Yeah.",
	"No, not really.",
	"I suppose so.",
	"It was alright, {filler}.",
	"Mostly I just stay in my room.",
	"The appointment was at half two on a {day}.",
	"I had to fill in a form and sign it.",
	"We moved house {time}, to the other side of town.",
	"I've got two little brothers and a sister.",
	"The weather was horrible so nobody went out.",
	"{filler}, I can't think of anything else.",
	"I was watching videos on my phone till late.",
	"The office is next to {place}.",
	"It took about an hour in the end.",
	"I've been doing a bit of painting with my uncle.",
	"We had a barbecue at my aunt's in the summer.",
	"There was a fight at {place} but I wasn't involved.",
	"I saw {name} in town {time}.",
	"I usually get up about eleven on a {day}.",
	"My cousin got a new car and took us for a drive.",
	"I don't know, it's hard to say.",
	"They had a meeting about it {time}.",
	"The room was too hot and there were no windows.",
	"I got the bus to {place} and then walked the rest.",
	"Football's on a {day} night now.",
	"I've been saving up for {thing}.",
	"We were meant to go to the seaside but it got cancelled.",
	"I lost {thing} {time} and never found it.",
	"My mate's dog had puppies.",
	"I was in year nine then.",
}

// childCoded are a child's statements written to carry codes.
var childCoded = []string{
	"My worker actually listened to me, she wasn't just ticking boxes.",
	"I could tell {name} anything and she never judged me.",
	"He always turned up when he said he would.",
	"She believed in me when I didn't believe in myself.",
	"She helped me get onto the mechanics course at college.",
	"He sorted my bus pass so I could get to my appointments.",
	"My mum was always there for me, even when I messed up.",
	"My nan took me in when things got bad at home.",
	"Since my daughter was born I've kept out of trouble.",
	"My girlfriend keeps me on the straight and narrow.",
	"I stopped hanging around with that lot when I started college.",
	"I don't knock about with the same lads anymore.",
	"Now when I get angry I just walk away and calm down.",
	"I think about what will happen before I do something stupid.",
	"Meeting the lady whose shop I broke into made me realise what I'd done.",
	"Writing the letter to the victim actually meant something.",
	"The knife crime course was just a video and a worksheet.",
	"We sat in a room and got told off for two hours.",
	"My worker didn't care about me at all.",
	"He never listened to anything I said.",
	"I had about five different workers in a year.",
	"Every time I got used to one they left.",
	"Nobody ever asked what I wanted in my plan.",
	"I didn't even know what was in my plan.",
	"They never sorted out my housing even though they said they would.",
	"I told them about my dyslexia and nothing happened.",
	"The plan was the same one they give everyone.",
	"I'm proud of myself for how far I've come.",
	"I want to be a plumber when I'm older.",
	"I couldn't get to appointments because I had no money for the bus.",
}

// parentCoded are a parent's or carer's statements written to carry codes.
var parentCoded = []string{
	"His worker really listened to him and he trusted her.",
	"She turned up every week without fail.",
	"She got him onto a course and helped with the forms.",
	"We've always stood by him, whatever he's done.",
	"He's stopped going round with those boys from the estate.",
	"He's learned to walk away when he's wound up.",
	"He had four different workers and had to start again every time.",
	"Nobody asked us what we thought should be in the plan.",
	"They never did anything about his ADHD.",
	"The programme was the same thing they do with everyone.",
	"He didn't trust his worker at all.",
	"Since his son was born he's been a different lad.",
}

// workerCoded are a case worker's statements written to carry codes.
var workerCoded = []string{
	"I think he trusted me because I always did what I said I'd do.",
	"I helped her apply for college and went with her to the interview.",
	"His mum has been a massive support through all of this.",
	"She's moved away from the peers she was offending with.",
	"He now uses the strategies we practised when he gets angry.",
	"Meeting the victim had a real impact on him.",
	"The caseload means I can't spend the time with them that I'd like.",
	"He's had three case managers in twelve months.",
	"The plan is written before we've really got to know the child.",
	"We deliver the same programme whatever the offence was.",
	"His learning needs were never properly assessed.",
	"Housing was the real barrier and we couldn't fix it.",
}
