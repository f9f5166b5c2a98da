package bulkseed

import (
	"strings"

	"example.com/careers/internal/roles"
)

// The vocabularies the generated roles and applicants are drawn from.
// They are wide enough that searches match a few roles or thousands,
// like a real careers site.
var disciplines = map[roles.Area][]string{
	roles.Technology: {"Software Engineering", "Backend Engineering", "Frontend Engineering", "Data Science",
		"Machine Learning", "Security Engineering", "Site Reliability", "Mobile Engineering", "Data Engineering",
		"Developer Tools", "Graphics Engineering", "Embedded Systems", "Network Engineering", "Quality Engineering"},
	roles.Entertainment: {"Animation", "Sound Design", "Story Development", "Visual Effects", "Production Coordination",
		"Game Design", "Music Supervision", "Localization", "Editorial", "Casting", "Live Programming"},
	roles.Business: {"Product Management", "Marketing Analytics", "Finance", "Legal", "Partnerships",
		"People Operations", "Strategy", "Sales Operations", "Communications", "Supply Chain", "Research Operations"},
}

var focuses = []string{"", "", "", "Research", "Platform", "Studio", "Growth", "Content", "Payments", "Streaming",
	"Ads", "Search", "Games", "Devices", "Live Events", "Family", "International", "Accessibility", "Privacy",
	"Infrastructure", "Creator", "Experimentation", "Recommendations", "Audio", "Video"}

var teams = map[roles.Area][]string{
	roles.Technology: {"Playback", "Encoding", "Recommendations", "Identity", "Payments Platform", "Edge Network",
		"Data Platform", "Developer Productivity", "Trust and Safety", "Client Apps", "Cloud Infrastructure",
		"Observability", "Search Relevance", "Experimentation Platform", "Device Partnerships"},
	roles.Entertainment: {"Animation Studio", "Original Series", "Documentary", "Games Studio", "Music",
		"Dubbing and Subtitles", "Live Events", "Post Production", "Kids and Family", "Creative Production"},
	roles.Business: {"Product Strategy", "Growth Marketing", "Corporate Finance", "Legal Affairs", "Partnerships",
		"Talent Acquisition", "Consumer Insights", "Sales", "Corporate Communications", "Procurement"},
}

var cities = []string{"Los Gatos, CA", "Los Angeles, CA", "New York, NY", "Austin, TX", "Seattle, WA",
	"Chicago, IL", "Boston, MA", "Atlanta, GA", "Denver, CO", "Toronto, ON", "London, UK", "Amsterdam, NL",
	"Madrid, ES", "Paris, FR", "Berlin, DE", "Seoul, KR", "Tokyo, JP", "Singapore", "Mumbai, IN", "São Paulo, BR",
	"Mexico City, MX", "Remote (US)"}

var topics = []string{"the services that start playback in under a second", "tools that help editors cut faster",
	"models that pick the next title to watch", "the sign-in and account pages", "the ad auction",
	"subtitles in forty languages", "the pipeline that encodes every new episode", "dashboards leaders read weekly",
	"contracts with studios around the world", "the launch plan for a new original series",
	"audio mixing for trailers", "game prototypes for phones and TVs", "fraud detection for payments",
	"the search box on every device", "budget forecasts for live events", "the hiring process itself"}

var tasks = []string{"Ship a project from design review to production", "Pair with a mentor every day",
	"Write and review code with the team", "Run an experiment and present its results",
	"Interview users and turn what you learn into a plan", "Build a prototype in your first month",
	"Measure something nobody has measured before", "Write the documentation the next intern will read",
	"Join on-call shadowing for a week", "Edit a short piece end to end"}

var skills = []string{"Curiosity and clear writing", "Comfort with Go, Java, Python or TypeScript",
	"A portfolio of creative work", "Experience with SQL and spreadsheets", "Strong statistics",
	"Care for details and deadlines", "Experience working in a team on a shared project",
	"Interest in film, TV or games"}

var givenNames = []string{"Ada", "Grace", "Alan", "Zoë", "José", "Amélie", "Søren", "Ngozi", "Aarav", "Mei",
	"Yuki", "Olusegun", "María", "Chloé", "Mateus", "Fatima", "Łukasz", "Ingrid", "Kwame", "Priya", "Hiroshi",
	"Liam", "Noah", "Emma", "Olivia", "Ava", "Lucas", "Sofia", "Elena", "Omar", "Leila", "Jin", "Ana", "Björn",
	"Aiden", "Amara", "Arjun", "Beatriz", "Camila", "Chen", "Daniel", "Diego", "Emeka", "Esther", "Farah",
	"Gabriel", "Hana", "Ibrahim", "Isabela", "Jamal", "Javier", "Kai", "Kenji", "Lars", "Layla", "Luca", "Malik",
	"Marta", "Mohammed", "Nadia", "Nikhil", "Nora", "Oscar", "Paulo", "Rafael", "Rosa", "Sana", "Santiago",
	"Sven", "Tariq", "Thandiwe", "Tomás", "Valentina", "Wei", "Xavier", "Yara", "Yusuf", "Zainab", "Zhang"}

// Surnames: a few real, common ones, and many more made of syllables,
// so that, as in life, even a common surname is a small share of all
// applicants (about 1%) and most are rarer still.
var familyStems = []string{"Ab", "Bel", "Cal", "Dar", "El", "Fer", "Gal", "Har", "Is", "Jor", "Kal", "Lor",
	"Mar", "Nor", "Ok", "Pal", "Quin", "Ros", "Sal", "Tor", "Ul", "Val", "Wen", "Yor", "Zan", "Bran", "Cor",
	"Dal", "Est", "Gor", "Hol", "Kir", "Len", "Mor", "Nik", "Orl", "Pet", "Rad", "Sor", "Tam"}

var familyEndings = []string{"ton", "ez", "ski", "sen", "ova", "ardo", "ley", "man", "ini", "oğlu", "son", "ur",
	"berg", "ami", "enko", "ado", "ic", "well", "ford", "ani"}

var familyNames = []string{"Lovelace", "Hopper", "Turing", "Okafor", "García", "Nakamura", "Müller", "Dubois",
	"Kowalski", "Patel", "Chen", "Kim", "Nguyen", "Silva", "Johansson", "Mensah", "Haddad", "O'Brien",
	"Smith", "Johnson", "Brown", "Rossi", "Yılmaz", "Ivanova", "Andersen", "Tanaka", "Singh", "Lopez"}

var universities = []string{"Stanford University", "UC Berkeley", "MIT", "Carnegie Mellon University",
	"University of Washington", "Georgia Tech", "UT Austin", "University of Michigan", "UCLA", "USC",
	"NYU", "Columbia University", "Cornell University", "University of Toronto", "University of Waterloo",
	"Howard University", "Spelman College", "Cal Poly San Luis Obispo", "San José State University",
	"University of Illinois Urbana-Champaign", "Purdue University", "Rice University"}

// stages weighs the pipeline like a real season: most applications
// are new or rejected, few reach an offer.
var stages = []string{"applied", "applied", "applied", "applied", "applied", "rejected", "rejected", "rejected",
	"take_home", "take_home", "interview_1", "interview_2", "interview_3", "offer", "hired", "withdrawn"}

func lower(s string) string { return strings.ToLower(s) }
