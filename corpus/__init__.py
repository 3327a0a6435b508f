"""The regulation corpus: import (importer), storage (store), the article index (index), search
(search) and conflict search against 上位法 and peer regulations (conflicts)."""
