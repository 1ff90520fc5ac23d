"""Industry keys used by bundled metadata and, later, the IT-spend benchmarks.

>>> INDUSTRIES["banking"]
'Banking and financial services'
"""

INDUSTRIES: dict[str, str] = {
    "banking": "Banking and financial services",
    "software_internet": "Software and internet",
    "technology_hardware": "Technology hardware and semiconductors",
    "healthcare": "Healthcare and life sciences",
    "energy": "Energy",
    "utilities": "Utilities",
    "retail": "Retail and wholesale",
    "manufacturing": "Manufacturing",
    "transportation": "Transportation",
    "consumer_services": "Consumer services (restaurants, leisure)",
    "real_estate": "Real estate",
    "construction_materials": "Construction, materials and natural resources",
    "government": "Government",
    "education": "Education",
}
