"""Reading teachers' GIFT and Moodle XML question files into the question bank."""
